output "function_name" {
  description = "Name of the extractor function."
  value       = aws_lambda_function.this.function_name
}

output "function_arn" {
  description = "ARN of the extractor function."
  value       = aws_lambda_function.this.arn
}

output "invoke_arn" {
  description = "ARN API Gateway uses to invoke the function."
  value       = aws_lambda_function.this.invoke_arn
}

output "role_arn" {
  description = "ARN of the function's execution role."
  value       = aws_iam_role.this.arn
}

output "role_name" {
  description = "Name of the function's execution role."
  value       = aws_iam_role.this.name
}

output "log_group_name" {
  description = "Name of the function's CloudWatch log group."
  value       = aws_cloudwatch_log_group.this.name
}

output "security_group_id" {
  description = "Id of the function's security group; null outside the VPC."
  value       = one(aws_security_group.this[*].id)
}

output "dlq_arn" {
  description = "ARN of the dead-letter queue of failed asynchronous invocations."
  value       = aws_sqs_queue.dlq.arn
}

output "dlq_name" {
  description = "Name of the dead-letter queue."
  value       = aws_sqs_queue.dlq.name
}

output "dlq_url" {
  description = "URL of the dead-letter queue."
  value       = aws_sqs_queue.dlq.url
}

output "ll2_api_key_parameter" {
  description = "Name of the SSM SecureString parameter the function reads its Launch Library 2 API key from (created by the operator, not by Terraform; absent means anonymous use)."
  value       = local.ll2_api_key_parameter
}
