import { ESCALATION_METHODS } from './privilegeEscalation';

describe('ESCALATION_METHODS', () => {
  it('names each method once, with service:Action actions and a reason', () => {
    const names = ESCALATION_METHODS.map(method => method.name);
    expect(new Set(names).size).toBe(names.length);
    for (const method of ESCALATION_METHODS) {
      expect(method.actions.length).toBeGreaterThan(0);
      for (const action of method.actions) {
        expect(action).toMatch(/^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$/);
      }
      expect(method.how.length).toBeGreaterThan(20);
    }
  });

  it.each([
    // Rhino Security Labs' published methods, by the actions each needs.
    [['iam:CreatePolicyVersion']],
    [['iam:SetDefaultPolicyVersion']],
    [['iam:PassRole', 'ec2:RunInstances']],
    [['iam:CreateAccessKey']],
    [['iam:CreateLoginProfile']],
    [['iam:UpdateLoginProfile']],
    [['iam:AttachUserPolicy']],
    [['iam:AttachGroupPolicy']],
    [['iam:AttachRolePolicy']],
    [['iam:PutUserPolicy']],
    [['iam:PutGroupPolicy']],
    [['iam:PutRolePolicy']],
    [['iam:AddUserToGroup']],
    [['iam:UpdateAssumeRolePolicy']],
    [['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction']],
    [
      [
        'iam:PassRole',
        'lambda:CreateFunction',
        'lambda:CreateEventSourceMapping',
      ],
    ],
    [['lambda:UpdateFunctionCode']],
    [['iam:PassRole', 'glue:CreateDevEndpoint']],
    [['glue:UpdateDevEndpoint']],
    [['iam:PassRole', 'cloudformation:CreateStack']],
    [
      [
        'iam:PassRole',
        'datapipeline:CreatePipeline',
        'datapipeline:PutPipelineDefinition',
      ],
    ],
    [['iam:PassRole', 'codestar:CreateProject']],
  ])('covers %j', actions => {
    expect(ESCALATION_METHODS.map(method => method.actions)).toContainEqual(
      actions,
    );
  });
});
