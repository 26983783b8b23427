/**
 * The catalogue of IAM privilege-escalation and lateral-movement methods: the
 * one list the access analysis raises POLICY_PRIVILEGE_ESCALATION and
 * POLICY_LATERAL_MOVEMENT from, and through it the scaffolder guardrails
 * (which refuse a planned role the analysis rates too severe).
 *
 * Sources: Rhino Security Labs' published IAM privilege-escalation methods,
 * Cloudsplaining's privilege-escalation, credentials-exposure and
 * resource-exposure lists (with the pathfinding.cloud additions it carries),
 * and the EKS-specific paths to cluster administration and to other roles.
 * Every action is one the Service Authorization Reference lists (a test holds
 * the list to the IAM action catalogue), so Rhino's undocumented
 * codestar:CreateProjectFromTemplate is not among them.
 */

/** What a method lets a workload do. */
export type EscalationRisk =
  /** Give itself (or a role or user it controls) more permissions. */
  | 'privilege-escalation'
  /** Act as, or obtain the credentials of, other principals and compute. */
  | 'lateral-movement';

export interface EscalationMethod {
  /** Stable name, as the sources name it where they do. */
  name: string;
  risk: EscalationRisk;
  /**
   * Every action the method needs. The first must be allowed on a whole
   * resource type (`*`, `role/*`, `function:*`): scoped to named resources it
   * reaches only those, which the analysis cannot judge. The others only need
   * to be allowed at all (the resources they act on are created by the
   * method itself).
   */
  actions: readonly string[];
  /** How the method works, as one clause for a finding's detail. */
  how: string;
}

const m = (
  risk: EscalationRisk,
  name: string,
  actions: string[],
  how: string,
): EscalationMethod => ({ name, risk, actions, how });
const esc = (name: string, actions: string[], how: string) =>
  m('privilege-escalation', name, actions, how);
const lateral = (name: string, actions: string[], how: string) =>
  m('lateral-movement', name, actions, how);

/** Runs code with a role it passes to a new compute resource. */
const passRole = (name: string, actions: string[], where: string) =>
  esc(
    name,
    ['iam:PassRole', ...actions],
    `passes any role to ${where} and runs code as that role`,
  );

const IAM_ON_PRINCIPALS: EscalationMethod[] = [
  esc(
    'CreateAccessKey',
    ['iam:CreateAccessKey'],
    'creates access keys for other users and signs in as them',
  ),
  esc(
    'CreateLoginProfile',
    ['iam:CreateLoginProfile'],
    'sets a console password on other users',
  ),
  esc(
    'UpdateLoginProfile',
    ['iam:UpdateLoginProfile'],
    "changes other users' console passwords",
  ),
  esc(
    'AddUserToGroup',
    ['iam:AddUserToGroup'],
    'adds a user it controls to an administrators group',
  ),
];

const IAM_ON_POLICIES: EscalationMethod[] = [
  esc(
    'CreateNewPolicyVersion',
    ['iam:CreatePolicyVersion'],
    'rewrites a managed policy it holds (a new default version)',
  ),
  esc(
    'SetExistingDefaultPolicyVersion',
    ['iam:SetDefaultPolicyVersion'],
    'switches a managed policy it holds to a broader old version',
  ),
  ...['Role', 'User', 'Group'].flatMap(kind => [
    esc(
      `Attach${kind}Policy`,
      [`iam:Attach${kind}Policy`],
      `attaches any managed policy (AdministratorAccess) to a ${kind.toLowerCase()}`,
    ),
    esc(
      `Put${kind}Policy`,
      [`iam:Put${kind}Policy`],
      `writes any inline policy into a ${kind.toLowerCase()}`,
    ),
  ]),
  esc(
    'UpdateRolePolicyToAssumeIt',
    ['iam:UpdateAssumeRolePolicy'],
    "rewrites a role's trust policy so that it can assume the role",
  ),
];

/** Lifting what limits a role or user: denies, boundaries, the tags ABAC decides on. */
const IAM_LIMITS: EscalationMethod[] = [
  ...['Role', 'User'].flatMap(kind => [
    esc(
      `Delete${kind}PermissionsBoundary`,
      [`iam:Delete${kind}PermissionsBoundary`],
      `removes the permissions boundary of a ${kind.toLowerCase()}`,
    ),
    esc(
      `Put${kind}PermissionsBoundary`,
      [`iam:Put${kind}PermissionsBoundary`],
      `replaces the permissions boundary of a ${kind.toLowerCase()} with a broader one`,
    ),
  ]),
  esc(
    'DeleteRolePolicy',
    ['iam:DeleteRolePolicy'],
    'deletes inline policies, and with them the denies that limit a role',
  ),
  esc(
    'DetachRolePolicy',
    ['iam:DetachRolePolicy'],
    'detaches managed policies, and with them the denies that limit a role',
  ),
  ...['Role', 'User'].flatMap(kind => [
    esc(
      `Tag${kind}`,
      [`iam:Tag${kind}`],
      `rewrites the tags of a ${kind.toLowerCase()} that tag-based (ABAC) conditions decide on`,
    ),
    esc(
      `Untag${kind}`,
      [`iam:Untag${kind}`],
      `removes the tags of a ${kind.toLowerCase()} that tag-based (ABAC) conditions decide on`,
    ),
  ]),
  esc(
    'UpdateRole',
    ['iam:UpdateRole'],
    "raises a role's maximum session duration to 12 hours, so stolen sessions last",
  ),
];

const PASS_ROLE: EscalationMethod[] = [
  passRole(
    'CreateEC2WithExistingIP',
    ['ec2:RunInstances'],
    'a new EC2 instance',
  ),
  passRole(
    'PassExistingRoleToNewEC2SpotInstance',
    ['ec2:RequestSpotInstances'],
    'a new EC2 Spot instance',
  ),
  passRole(
    'PassExistingRoleToNewLambdaThenInvoke',
    ['lambda:CreateFunction', 'lambda:InvokeFunction'],
    'a new Lambda function it invokes',
  ),
  passRole(
    'PassExistingRoleToNewLambdaThenAddPermission',
    ['lambda:CreateFunction', 'lambda:AddPermission'],
    'a new Lambda function it lets anyone invoke',
  ),
  passRole(
    'PassExistingRoleToNewLambdaThenTriggerWithExistingDynamo',
    ['lambda:CreateFunction', 'lambda:CreateEventSourceMapping'],
    'a new Lambda function an event source triggers',
  ),
  passRole(
    'PassExistingRoleToNewGlueDevEndpoint',
    ['glue:CreateDevEndpoint'],
    'a new Glue development endpoint',
  ),
  passRole(
    'PassExistingRoleToNewGlueJobThenRun',
    ['glue:CreateJob', 'glue:StartJobRun'],
    'a new Glue job',
  ),
  passRole(
    'PassExistingRoleToNewGlueJobViaTrigger',
    ['glue:CreateJob', 'glue:CreateTrigger'],
    'a new Glue job a trigger starts',
  ),
  passRole(
    'PassExistingRoleToUpdatedGlueJobThenRun',
    ['glue:UpdateJob', 'glue:StartJobRun'],
    'an existing Glue job',
  ),
  passRole(
    'PassExistingRoleToCloudFormation',
    ['cloudformation:CreateStack'],
    'a new CloudFormation stack',
  ),
  passRole(
    'PassExistingRoleToUpdatedCloudFormationStack',
    ['cloudformation:UpdateStack'],
    'an existing CloudFormation stack',
  ),
  passRole(
    'PassExistingRoleToNewCloudFormationStackSet',
    ['cloudformation:CreateStackSet', 'cloudformation:CreateStackInstances'],
    'a new CloudFormation stack set',
  ),
  passRole(
    'PassRoleToUpdateCloudFormationStackSet',
    ['cloudformation:UpdateStackSet'],
    'an existing CloudFormation stack set',
  ),
  passRole(
    'PassExistingRoleToNewDataPipeline',
    ['datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition'],
    'a new Data Pipeline',
  ),
  passRole(
    'PassExistingRoleToNewCodeBuildProjectThenBuild',
    ['codebuild:CreateProject', 'codebuild:StartBuild'],
    'a new CodeBuild project',
  ),
  passRole(
    'PassExistingRoleToNewCodeBuildProjectThenBuildBatch',
    ['codebuild:CreateProject', 'codebuild:StartBuildBatch'],
    'a new CodeBuild project (batch build)',
  ),
  passRole(
    'PassExistingRoleToNewCodeStarProject',
    ['codestar:CreateProject'],
    'a new CodeStar project',
  ),
  passRole(
    'PassExistingRoleToNewECSTaskViaRunTask',
    ['ecs:RegisterTaskDefinition', 'ecs:RunTask'],
    'a new ECS task',
  ),
  passRole(
    'PassExistingRoleToNewECSTaskViaStartTask',
    ['ecs:RegisterTaskDefinition', 'ecs:StartTask'],
    'a new ECS task',
  ),
  passRole(
    'PassExistingRoleToNewECSService',
    ['ecs:RegisterTaskDefinition', 'ecs:CreateService'],
    'a new ECS service',
  ),
  passRole(
    'PassExistingRoleToNewSageMakerNotebookInstance',
    ['sagemaker:CreateNotebookInstance'],
    'a new SageMaker notebook instance',
  ),
  passRole(
    'PassExistingRoleToNewSageMakerTrainingJob',
    ['sagemaker:CreateTrainingJob'],
    'a new SageMaker training job',
  ),
  passRole(
    'PassExistingRoleToNewSageMakerProcessingJob',
    ['sagemaker:CreateProcessingJob'],
    'a new SageMaker processing job',
  ),
  passRole(
    'PassExistingRoleToNewAppRunnerService',
    ['apprunner:CreateService'],
    'a new App Runner service',
  ),
  passRole(
    'PassExistingRoleToNewBedrockCodeInterpreter',
    [
      'bedrock-agentcore:CreateCodeInterpreter',
      'bedrock-agentcore:StartCodeInterpreterSession',
      'bedrock-agentcore:InvokeCodeInterpreter',
    ],
    'a new Bedrock code interpreter',
  ),
  passRole(
    'PassExistingRoleToNewPodIdentityAssociation',
    ['eks:CreatePodIdentityAssociation'],
    'a service account of its choice (a new Pod Identity association)',
  ),
];

/** Running code as the role an existing resource already has. */
const EXISTING_RESOURCES: EscalationMethod[] = [
  esc(
    'UpdateExistingGlueDevEndpoint',
    ['glue:UpdateDevEndpoint'],
    "adds its SSH key to any Glue development endpoint and acts as the endpoint's role",
  ),
  esc(
    'EditExistingLambdaFunctionWithRole',
    ['lambda:UpdateFunctionCode'],
    "replaces the code of any Lambda function and acts as the function's role",
  ),
  esc(
    'ExecuteCloudFormationChangeSet',
    ['cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet'],
    "changes any CloudFormation stack with the stack's own service role",
  ),
  esc(
    'ModifyEC2InstanceUserDataThenRestart',
    ['ec2:ModifyInstanceAttribute', 'ec2:StopInstances', 'ec2:StartInstances'],
    "rewrites the user data of any EC2 instance and runs it as the instance's role",
  ),
  esc(
    'ModifyExistingEC2LaunchTemplate',
    ['ec2:CreateLaunchTemplateVersion', 'ec2:ModifyLaunchTemplate'],
    'changes the launch templates (user data, instance profile) new instances start from',
  ),
  esc(
    'CreatePresignedSageMakerNotebookUrl',
    ['sagemaker:CreatePresignedNotebookInstanceUrl'],
    "opens any SageMaker notebook and acts as the notebook's role",
  ),
  esc(
    'UpdateSageMakerNotebookLifecycleConfig',
    [
      'sagemaker:CreateNotebookInstanceLifecycleConfig',
      'sagemaker:UpdateNotebookInstance',
      'sagemaker:StopNotebookInstance',
      'sagemaker:StartNotebookInstance',
    ],
    "makes any SageMaker notebook run its script as the notebook's role",
  ),
  esc(
    'AccessExistingBedrockCodeInterpreterSession',
    [
      'bedrock-agentcore:StartCodeInterpreterSession',
      'bedrock-agentcore:InvokeCodeInterpreter',
    ],
    "runs code in any Bedrock code interpreter as the interpreter's role",
  ),
  esc(
    'CodeStarAssociateTeamMember',
    ['codestar:AssociateTeamMember'],
    "makes itself owner of any CodeStar project and gets the project's IAM policy",
  ),
];

/** Kubernetes administration of EKS clusters through their access entries. */
const EKS_CLUSTER_ADMIN: EscalationMethod[] = [
  esc(
    'CreateEksAccessEntry',
    ['eks:CreateAccessEntry'],
    'gives a principal it controls Kubernetes groups in any EKS cluster',
  ),
  esc(
    'AssociateEksAccessPolicy',
    ['eks:AssociateAccessPolicy'],
    'associates AmazonEKSClusterAdminPolicy with an access entry: cluster administrator',
  ),
  esc(
    'UpdateEksAccessEntry',
    ['eks:UpdateAccessEntry'],
    "changes an access entry's Kubernetes groups in any EKS cluster",
  ),
];

const OTHER_PRINCIPALS: EscalationMethod[] = [
  lateral(
    'AssumeAnyRole',
    ['sts:AssumeRole'],
    'assumes any role whose trust policy admits its account',
  ),
  lateral(
    'SsmSendCommand',
    ['ssm:SendCommand'],
    'runs commands on managed instances and acts as their roles',
  ),
  lateral(
    'SsmStartSession',
    ['ssm:StartSession'],
    'opens a shell on managed instances and acts as their roles',
  ),
  lateral(
    'ECSExecuteCommandOnRunningTask',
    ['ecs:ExecuteCommand'],
    'opens a shell in running ECS tasks and acts as their task roles',
  ),
  lateral(
    'EC2InstanceConnectSendSSHPublicKey',
    ['ec2-instance-connect:SendSSHPublicKey'],
    'logs in to EC2 instances and acts as their roles',
  ),
  lateral(
    'EC2InstanceConnectSendSerialConsoleSSHPublicKey',
    ['ec2-instance-connect:SendSerialConsoleSSHPublicKey'],
    'opens the serial console of EC2 instances and acts as their roles',
  ),
];

/**
 * Cloudsplaining's credentials-exposure list: calls whose answer is a
 * credential of another principal or system. Left out on purpose: tokens that
 * carry only the caller's own permissions (ecr:GetAuthorizationToken,
 * codeartifact:GetAuthorizationToken, rds-db:connect), which workloads
 * legitimately use; sts:AssumeRole (AssumeAnyRole above); iam:CreateAccessKey
 * and iam:CreateLoginProfile (escalation above); calls a role cannot make
 * (sts:GetSessionToken, sts:AssumeRoleWith*); and sso:GetRoleCredentials,
 * which an IAM Identity Center access token authorizes, not an IAM policy
 * (the Service Authorization Reference lists no such action).
 */
const CREDENTIAL_ACTIONS = [
  'airflow:CreateCliToken',
  'airflow:CreateWebLoginToken',
  'appsync:CreateApiKey',
  'chime:CreateApiKey',
  'cloud9:CreateEnvironmentToken',
  'codepipeline:PollForJobs',
  'cognito-identity:GetCredentialsForIdentity',
  'cognito-identity:GetOpenIdTokenForDeveloperIdentity',
  'connect:GetFederationToken',
  'ec2:GetPasswordData',
  'emr-containers:GetManagedEndpointSessionCredentials',
  'finspace-api:GetProgrammaticAccessCredentials',
  'gamelift:GetInstanceAccess',
  'gamelift:RequestUploadCredentials',
  'grafana:CreateWorkspaceApiKey',
  'iam:CreateServiceSpecificCredential',
  'iam:ResetServiceSpecificCredential',
  'iam:UpdateAccessKey',
  'license-manager:GetAccessToken',
  'lightsail:CreateBucketAccessKey',
  'lightsail:DownloadDefaultKeyPair',
  'lightsail:GetInstanceAccessDetails',
  'lightsail:GetRelationalDatabaseMasterUserPassword',
  'mediapackage:RotateChannelCredentials',
  'mediapackage:RotateIngestEndpointCredentials',
  'redshift-serverless:GetCredentials',
  'redshift:GetClusterCredentials',
  'redshift:GetClusterCredentialsWithIAM',
  'sts:GetFederationToken',
];

const CREDENTIALS_EXPOSURE = CREDENTIAL_ACTIONS.map(action =>
  lateral(
    `CredentialsExposure:${action}`,
    [action],
    'returns credentials of other principals or systems',
  ),
);

/** Every method, privilege escalation first. */
export const ESCALATION_METHODS: readonly EscalationMethod[] = [
  ...IAM_ON_PRINCIPALS,
  ...IAM_ON_POLICIES,
  ...IAM_LIMITS,
  ...PASS_ROLE,
  ...EXISTING_RESOURCES,
  ...EKS_CLUSTER_ADMIN,
  ...OTHER_PRINCIPALS,
  ...CREDENTIALS_EXPOSURE,
];

/**
 * Cloudsplaining's resource exposure: actions of this IAM access level change
 * who else may use a resource (bucket, key and queue policies, grants, shares).
 * On a whole resource type they are lateral movement; IAM's own are privilege
 * escalation and listed above.
 */
export const RESOURCE_EXPOSURE_ACCESS_LEVEL = 'Permissions management';
export const RESOURCE_EXPOSURE_EXCLUDED_SERVICES: readonly string[] = ['iam'];
