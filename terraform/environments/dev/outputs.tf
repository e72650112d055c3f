output "dashboard_url" {
  description = "URL of the dashboard."
  value       = module.load_balancer.dashboard_url
}

output "alb_dns_name" {
  description = "DNS name of the dashboard's load balancer."
  value       = module.load_balancer.alb_dns_name
}

output "invoke_url" {
  description = "Base URL of the extractor's HTTP API."
  value       = module.invoke_api.invoke_url
}

output "sync_url" {
  description = "URL of POST /sync (SigV4-signed, service execute-api)."
  value       = module.invoke_api.sync_url
}

output "invoke_policy_arn" {
  description = "Managed policy to attach to principals that may call POST /sync."
  value       = module.invoke_api.invoke_policy_arn
}

output "table_name" {
  description = "Name of the launches table."
  value       = module.launches_table.table_name
}

output "table_arn" {
  description = "ARN of the launches table."
  value       = module.launches_table.table_arn
}

output "table_index_name" {
  description = "Name of the date-query index of the table."
  value       = module.launches_table.index_name
}

output "ecr_repository_url" {
  description = "ECR repository of the dashboard image (`make push` pushes to it)."
  value       = module.registry.repository_url
}

output "dashboard_image" {
  description = "Image the dashboard service runs."
  value       = local.dashboard_image
}

output "extractor_function_name" {
  description = "Name of the extractor Lambda."
  value       = module.extractor.function_name
}

output "extractor_log_group_name" {
  description = "Log group of the extractor Lambda."
  value       = module.extractor.log_group_name
}

output "extractor_dlq_url" {
  description = "Dead-letter queue of failed scheduled syncs."
  value       = module.extractor.dlq_url
}

output "sync_schedule" {
  description = "Schedule of the syncs (UTC)."
  value       = module.schedule.schedule_expression
}

output "ecs_cluster_name" {
  description = "ECS cluster of the dashboard."
  value       = module.dashboard_service.cluster_name
}

output "ecs_service_name" {
  description = "ECS service of the dashboard."
  value       = module.dashboard_service.service_name
}

output "dashboard_log_group_name" {
  description = "Log group of the dashboard containers."
  value       = module.dashboard_service.log_group_name
}

output "alarm_topic_arn" {
  description = "SNS topic the alarms publish to."
  value       = module.monitoring.topic_arn
}

output "vpc_id" {
  description = "Id of the environment's VPC."
  value       = module.network.vpc_id
}

output "kms_key_arn" {
  description = "KMS key of the environment."
  value       = module.encryption.key_arn
}

output "aws_region" {
  description = "Region of the environment."
  value       = var.aws_region
}

output "ll2_api_key_parameter" {
  description = "SSM parameter to create (SecureString, key alias from the kms_key_arn output) to give the extractor a Launch Library 2 API key."
  value       = module.extractor.ll2_api_key_parameter
}
