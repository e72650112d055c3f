output "deploy_role_arns" {
  description = "Deploy role of each environment: set it as the AWS_ROLE_ARN variable of the GitHub environment of the same name."
  value       = { for env, role in aws_iam_role.deploy : env => role.arn }
}

output "permissions_boundary_arns" {
  description = "Permissions boundary of each environment's roles (the environments pass it to every role they create)."
  value       = { for env, policy in aws_iam_policy.boundary : env => policy.arn }
}

output "state_bucket" {
  description = "State bucket: `terraform init -backend-config=bucket=<this>` in each environment."
  value       = aws_s3_bucket.state.id
}

output "lock_table" {
  description = "DynamoDB lock table of the state."
  value       = aws_dynamodb_table.lock.name
}

output "oidc_provider_arn" {
  description = "GitHub's OIDC provider in this account."
  value       = aws_iam_openid_connect_provider.github.arn
}
