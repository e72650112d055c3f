output "api_id" {
  description = "Id of the HTTP API."
  value       = aws_apigatewayv2_api.this.id
}

output "invoke_url" {
  description = "Base URL of the API ($default stage), without a trailing slash."
  value       = aws_apigatewayv2_api.this.api_endpoint
}

output "sync_url" {
  description = "URL of the SigV4-signed POST /sync route."
  value       = "${aws_apigatewayv2_api.this.api_endpoint}/sync"
}

output "health_url" {
  description = "URL of the SigV4-signed GET /health route."
  value       = "${aws_apigatewayv2_api.this.api_endpoint}/health"
}

output "execution_arn" {
  description = "Execution ARN of the API (prefix of the ARNs used in execute-api:Invoke permissions)."
  value       = aws_apigatewayv2_api.this.execution_arn
}

output "sync_route_arn" {
  description = "ARN to allow execute-api:Invoke on to let a principal call POST /sync."
  value       = "${aws_apigatewayv2_api.this.execution_arn}/${aws_apigatewayv2_stage.this.name}/POST/sync"
}

output "invoke_policy_arn" {
  description = "ARN of the managed policy that allows POST /sync and GET /health; attach it to operator or CI roles."
  value       = aws_iam_policy.invoke_sync.arn
}

output "access_log_group_name" {
  description = "Name of the access log group of the $default stage."
  value       = aws_cloudwatch_log_group.access.name
}
