# The IAM role, service account and Pod Identity association of
# ${{ values.name }}, exactly as the eks-pod-identity:setup action would make
# them (the policy documents beside this file are its output).
#
# Providers (aws, kubernetes) come from the root module that includes this one.

locals {
  tags = {
{%- for key, value in values.role.tags %}
    "${{ key }}" = "${{ value }}"
{%- endfor %}
  }
}

resource "aws_iam_role" "this" {
  name                 = "${{ values.role.name }}"
  path                 = "${{ values.role.path }}"
  description          = "EKS Pod Identity role for ${{ values.cluster }}:${{ values.namespace }}/${{ values.name }}, made by Backstage"
  assume_role_policy   = file("${path.module}/trust-policy.json")
{%- if values.role.permissionsBoundaryArn %}
  permissions_boundary = "${{ values.role.permissionsBoundaryArn }}"
{%- endif %}
  tags                 = local.tags
}
{% if values.role.permissionsPolicy %}
resource "aws_iam_role_policy" "permissions" {
  name   = "eks-pod-identity-permissions"
  role   = aws_iam_role.this.id
  policy = file("${path.module}/permissions-policy.json")
}
{% endif %}
{%- for arn in values.role.managedPolicyArns %}
resource "aws_iam_role_policy_attachment" "managed_${{ loop.index }}" {
  role       = aws_iam_role.this.name
  policy_arn = "${{ arn }}"
}
{% endfor %}
resource "kubernetes_service_account" "this" {
  metadata {
    name      = "${{ values.name }}"
    namespace = "${{ values.namespace }}"
    labels = {
      "backstage.io/kubernetes-id" = "${{ values.name }}"
    }
  }
}

resource "aws_eks_pod_identity_association" "this" {
  cluster_name    = "${{ values.cluster }}"
  namespace       = "${{ values.namespace }}"
  service_account = kubernetes_service_account.this.metadata[0].name
  role_arn        = aws_iam_role.this.arn
  tags            = local.tags
}

output "role_arn" {
  value = aws_iam_role.this.arn
}

output "association_id" {
  value = aws_eks_pod_identity_association.this.association_id
}
