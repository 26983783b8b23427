import { authenticate, SignedInput } from './authenticate';
import { authorize } from './authorization/authorize';
import type { EventDelivery } from './cloudtrail/eventDelivery';
import {
  cloudTrailEvent,
  isRecorded,
  queryRequestParameters,
} from './cloudtrail/managementEvents';
import { runSqsOperation, sqsErrorResponse } from './sqs/service';
import {
  eksPermissions,
  iamPermissions,
  type Permission,
} from './authorization/permissions';
import type { RequestContext } from './context';
import { AwsError, AwsProtocol, commonError } from './errors';
import { eksRoutes } from './eks/routes';
import { EksContext, EksRoute, matchRoute } from './eks/service';
import { iamService } from './iam/service';
import { requestId as newRequestId } from './ids';
import { QueryParams } from './query/params';
import type { QueryService } from './query/service';
import { stsService } from './sts/service';
import { queryErrorResponse, queryResponse } from './query/xml';
import { readSignature } from './sigv4';
import type { AwsServiceName, FaultController } from '../faults/faults';
import type { Journal } from '../state/journal';
import type { AccountState, SandboxState } from '../state/model';

export type AwsRequest = SignedInput;

export type AwsResponse = {
  status: number;
  headers: Record<string, string>;
  body: string;
};

export type AwsDispatcherDeps = {
  state: SandboxState;
  journal: Journal;
  faults: FaultController;
  kubernetes: EksContext['kubernetes'];
  /** Where the CloudTrail events of mutations go, and the SQS queue it feeds. */
  events: EventDelivery;
  sleep(ms: number): Promise<void>;
};

const QUERY_SERVICES: Record<string, QueryService> = {
  iam: iamService,
  sts: stsService,
};

/** Per-service codes for the faults the sandbox injects. */
const FAULT_CODES: Record<
  AwsServiceName,
  { throttled: [string, number]; denied: string; failure: string }
> = {
  eks: {
    throttled: ['ThrottlingException', 429],
    denied: 'AccessDeniedException',
    failure: 'ServerException',
  },
  iam: {
    throttled: ['Throttling', 400],
    denied: 'AccessDenied',
    failure: 'ServiceFailure',
  },
  sts: {
    throttled: ['Throttling', 400],
    denied: 'AccessDenied',
    failure: 'InternalFailure',
  },
};

type Resolved =
  | {
      protocol: 'rest-json';
      service: 'eks';
      operation: string;
      route: EksRoute;
      labels: Record<string, string>;
      query: URLSearchParams;
    }
  | {
      protocol: 'query';
      service: 'iam' | 'sts';
      operation: string;
      queryService: QueryService;
      params: QueryParams;
      raw: URLSearchParams;
    };

/**
 * One endpoint for EKS, IAM and STS: the signature's credential scope says
 * which service a request is for, then each protocol finds the operation.
 */
export class AwsDispatcher {
  constructor(private readonly deps: AwsDispatcherDeps) {}

  async handle(request: AwsRequest): Promise<AwsResponse> {
    const requestId = newRequestId();
    const guess: AwsProtocol = /^\/(clusters|tags)(\/|$)/.test(request.rawPath)
      ? 'rest-json'
      : 'query';
    const signedFor = readSignature(request.headers, request.query)?.scope
      .service;
    const namespace =
      QUERY_SERVICES[signedFor ?? '']?.namespace ?? iamService.namespace;
    if (signedFor === 'sqs') return this.handleSqs(request, requestId);
    let protocol: AwsProtocol = guess;
    if (signedFor !== undefined) {
      protocol = signedFor === 'eks' ? 'rest-json' : 'query';
    }
    try {
      const target = this.resolve(request, protocol, signedFor);
      this.deps.journal.countCall(`${target.service}:${target.operation}`);
      const latency = this.deps.faults.latency();
      if (latency > 0) await this.deps.sleep(latency);
      const auth = authenticate(this.deps.state, request, target.protocol);
      this.injectFaults(
        target,
        auth.caller.account.id,
        auth.region,
        auth.caller.arn,
      );
      const body =
        target.protocol === 'rest-json' ? parseJsonBody(request) : undefined;
      authorize(
        this.deps.state,
        target.service,
        auth.caller,
        auth.region,
        requiredPermissions(target, body, auth),
      );
      let mutated = false;
      const ctx: RequestContext = {
        state: this.deps.state,
        caller: auth.caller,
        region: auth.region,
        requestId,
        mutated: details => {
          mutated = true;
          this.deps.journal.recordMutation({
            service: target.service,
            operation: target.operation,
            accountId: auth.caller.account.id,
            region: target.service === 'eks' ? auth.region : undefined,
            ...details,
          });
        },
      };
      const response =
        target.protocol === 'rest-json'
          ? await this.runEks(target, body!, {
              ...ctx,
              kubernetes: this.deps.kubernetes,
            })
          : await this.runQuery(target, ctx);
      if (mutated && isRecorded(target.service, target.operation)) {
        this.recordEvent(target, body, response, ctx, request);
      }
      return response;
    } catch (error) {
      const awsError =
        error instanceof AwsError
          ? error
          : new AwsError(
              'InternalFailure',
              500,
              'The sandbox failed to process the request.',
            );
      if (!(error instanceof AwsError)) {
        // A sandbox bug, not a client error: make it visible to whoever runs the sandbox.
        console.error('sandbox: unexpected error', error);
      }
      return errorResponse(awsError, protocol, requestId, namespace);
    }
  }

  /** CloudTrail records the call; EventBridge delivers it if the rule matches. */
  private recordEvent(
    target: Resolved,
    body: Record<string, unknown> | undefined,
    response: AwsResponse,
    ctx: RequestContext,
    request: AwsRequest,
  ): void {
    if (target.service === 'sts') return;
    const userAgent = request.headers['user-agent'];
    this.deps.events.deliver(
      cloudTrailEvent({
        service: target.service,
        operation: target.operation,
        caller: ctx.caller,
        region: ctx.region,
        requestId: ctx.requestId,
        userAgent: Array.isArray(userAgent) ? userAgent[0] : userAgent,
        ...(target.protocol === 'rest-json'
          ? {
              requestParameters: { ...target.labels, ...body },
              responseElements: JSON.parse(response.body),
            }
          : {
              requestParameters: queryRequestParameters(target.raw),
              // IAM's XML answer is not carried over; nothing reads it.
              responseElements: null,
            }),
      }),
    );
  }

  /** SQS speaks AWS JSON 1.0: the operation is in `X-Amz-Target`. */
  private async handleSqs(
    request: AwsRequest,
    requestId: string,
  ): Promise<AwsResponse> {
    try {
      const auth = authenticate(this.deps.state, request, 'rest-json');
      const target = request.headers['x-amz-target'];
      const { operation, result } = await runSqsOperation({
        target: Array.isArray(target) ? target[0] : target,
        input: parseJsonBody(request),
        caller: auth.caller,
        queues: [this.deps.events.queue],
      });
      this.deps.journal.countCall(`sqs:${operation}`);
      return {
        status: 200,
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amzn-requestid': requestId,
        },
        body: JSON.stringify(result),
      };
    } catch (error) {
      if (!(error instanceof AwsError)) {
        console.error('sandbox: unexpected error', error);
      }
      return sqsErrorResponse(
        error instanceof AwsError
          ? error
          : new AwsError('InternalError', 500, 'The sandbox failed.'),
        requestId,
      );
    }
  }

  private resolve(
    request: AwsRequest,
    protocol: AwsProtocol,
    service: string | undefined,
  ): Resolved {
    if (!service) {
      throw commonError(
        'missingAuthentication',
        protocol,
        'Request is missing Authentication Token',
      );
    }
    if (service === 'eks') {
      const match = matchRoute(eksRoutes, request.method, request.rawPath);
      if (!match) {
        throw new AwsError(
          'UnknownOperationException',
          404,
          `No EKS operation for ${request.method} ${request.rawPath}`,
        );
      }
      return {
        protocol: 'rest-json',
        service,
        operation: match.route.operation,
        query: request.query,
        ...match,
      };
    }
    const queryService = QUERY_SERVICES[service];
    if (!queryService) {
      throw new AwsError(
        'InvalidAction',
        400,
        `The sandbox serves eks, iam and sts, not ${service}`,
      );
    }
    const params = new URLSearchParams(request.body.toString('utf8'));
    for (const [key, value] of request.query) {
      if (!key.startsWith('X-Amz-')) params.append(key, value);
    }
    const queryParams = new QueryParams(params);
    const action = queryParams.action;
    if (
      !action ||
      !queryService.handlers[action] ||
      queryParams.version !== queryService.version
    ) {
      throw new AwsError(
        'InvalidAction',
        400,
        `Could not find operation ${action} for version ${queryParams.version}`,
      );
    }
    return {
      protocol: 'query',
      service: queryService.name,
      operation: action,
      queryService,
      params: queryParams,
      raw: params,
    };
  }

  private injectFaults(
    resolved: Resolved,
    accountId: string,
    region: string,
    callerArn: string,
  ): void {
    const { faults } = this.deps;
    const codes = FAULT_CODES[resolved.service];
    const operation = `${resolved.service}:${resolved.operation}`;
    if (!faults.admits(resolved.service, accountId, region)) {
      throw new AwsError(
        codes.throttled[0],
        codes.throttled[1],
        'Rate exceeded',
      );
    }
    if (faults.isDenied(accountId, operation)) {
      throw new AwsError(
        codes.denied,
        403,
        `User: ${callerArn} is not authorized to perform: ${operation} because no identity-based policy allows the ${operation} action`,
      );
    }
    if (faults.takeFailure(operation)) {
      throw new AwsError(
        codes.failure,
        500,
        'We encountered an internal error. Please try again.',
      );
    }
  }

  private async runEks(
    resolved: Extract<Resolved, { protocol: 'rest-json' }>,
    body: Record<string, unknown>,
    ctx: EksContext,
  ): Promise<AwsResponse> {
    const result = await resolved.route.handler(
      { labels: resolved.labels, query: resolved.query, body },
      ctx,
    );
    return {
      status: 200,
      headers: {
        'content-type': 'application/json',
        'x-amzn-requestid': ctx.requestId,
      },
      body: JSON.stringify(result),
    };
  }

  private async runQuery(
    resolved: Extract<Resolved, { protocol: 'query' }>,
    ctx: RequestContext,
  ): Promise<AwsResponse> {
    const { queryService, params, operation } = resolved;
    const result = await queryService.handlers[operation](params, ctx);
    return {
      status: 200,
      headers: {
        'content-type': 'text/xml',
        'x-amzn-requestid': ctx.requestId,
      },
      body: queryResponse(
        operation,
        queryService.namespace,
        result,
        ctx.requestId,
      ),
    };
  }
}

function requiredPermissions(
  target: Resolved,
  body: Record<string, unknown> | undefined,
  auth: { caller: { account: AccountState }; region: string },
): Permission[] {
  if (target.protocol === 'rest-json') {
    return eksPermissions(
      target.operation,
      target.labels,
      body ?? {},
      auth.caller.account,
      auth.region,
    );
  }
  // STS: GetCallerIdentity needs no permission; AssumeRole checks its own.
  return target.service === 'iam'
    ? iamPermissions(target.operation, target.params, auth.caller.account)
    : [];
}

function parseJsonBody(request: AwsRequest): Record<string, unknown> {
  if (request.body.length === 0) return {};
  try {
    return JSON.parse(request.body.toString('utf8'));
  } catch {
    throw new AwsError(
      'BadRequestException',
      400,
      'The request body is not valid JSON',
    );
  }
}

function errorResponse(
  error: AwsError,
  protocol: AwsProtocol,
  requestId: string,
  namespace: string,
): AwsResponse {
  if (protocol === 'rest-json') {
    return {
      status: error.status,
      headers: {
        'content-type': 'application/json',
        'x-amzn-requestid': requestId,
        'x-amzn-errortype': error.code,
      },
      body: JSON.stringify({ message: error.message, ...error.fields }),
    };
  }
  return {
    status: error.status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body: queryErrorResponse(
      namespace,
      error.code,
      error.message,
      requestId,
      error.status,
    ),
  };
}
