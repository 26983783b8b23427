import {
  describeError,
  isAccessDeniedError,
  isNotFoundError,
  redactSecrets,
} from './errors';

function awsError(name: string, message: string) {
  const e = new Error(message);
  e.name = name;
  return e;
}

describe('AWS errors', () => {
  it('classifies by error code', () => {
    expect(isNotFoundError(awsError('ResourceNotFoundException', 'x'))).toBe(
      true,
    );
    expect(isNotFoundError(awsError('NoSuchEntity', 'x'))).toBe(true);
    expect(isAccessDeniedError(awsError('AccessDenied', 'x'))).toBe(true);
    expect(isAccessDeniedError(awsError('AccessDeniedException', 'x'))).toBe(
      true,
    );
    expect(isAccessDeniedError(awsError('Throttling', 'x'))).toBe(false);
    expect(isNotFoundError('nope')).toBe(false);
  });

  it('describes an error with its code once', () => {
    expect(describeError(awsError('AccessDenied', 'not allowed'))).toBe(
      'AccessDenied: not allowed',
    );
    expect(describeError(new Error('plain'))).toBe('plain');
  });

  it('removes tokens, signatures and secrets', () => {
    const text = redactSecrets(
      'token k8s-aws-v1.aHR0cHM6Ly9zdHM_abc-def, Authorization: Bearer abc.def ' +
        'url ?X-Amz-Security-Token=FQoGZX&X-Amz-Signature=deadbeef&X-Amz-Credential=AKIA/x ' +
        'secretAccessKey: "wJalrXUtnFEMI" sessionToken=IQoJb3',
    );
    expect(text).not.toMatch(
      /aHR0cHM6|abc\.def|FQoGZX|deadbeef|AKIA|wJalrXUtnFEMI|IQoJb3/,
    );
    expect(text).toContain('X-Amz-Security-Token=[redacted]');
    expect(text).toContain('Bearer [redacted]');
  });
});
