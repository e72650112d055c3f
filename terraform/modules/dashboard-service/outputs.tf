output "dashboard_url" {
  description = "URL of the dashboard: https://<domain or ALB DNS name> with a certificate, http://<ALB DNS name> without."
  value       = local.https_enabled ? "https://${local.dashboard_host}" : "http://${aws_lb.this.dns_name}"
}

output "alb_dns_name" {
  description = "DNS name of the load balancer (point the domain's alias record at it)."
  value       = aws_lb.this.dns_name
}

output "alb_zone_id" {
  description = "Hosted zone id of the load balancer (for a Route 53 alias record)."
  value       = aws_lb.this.zone_id
}

output "alb_arn" {
  description = "ARN of the load balancer."
  value       = aws_lb.this.arn
}

output "alb_arn_suffix" {
  description = "ARN suffix of the load balancer (the LoadBalancer dimension of its CloudWatch metrics)."
  value       = aws_lb.this.arn_suffix
}

output "target_group_arn" {
  description = "ARN of the target group."
  value       = aws_lb_target_group.this.arn
}

output "target_group_arn_suffix" {
  description = "ARN suffix of the target group (the TargetGroup dimension of its CloudWatch metrics)."
  value       = aws_lb_target_group.this.arn_suffix
}

output "cluster_name" {
  description = "Name of the ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "cluster_arn" {
  description = "ARN of the ECS cluster."
  value       = aws_ecs_cluster.this.arn
}

output "service_name" {
  description = "Name of the ECS service."
  value       = aws_ecs_service.this.name
}

output "task_definition_arn" {
  description = "ARN (with revision) of the task definition in use."
  value       = aws_ecs_task_definition.this.arn
}

output "task_role_arn" {
  description = "ARN of the task role (reads the table)."
  value       = aws_iam_role.task.arn
}

output "execution_role_arn" {
  description = "ARN of the task execution role (pulls the image, writes logs)."
  value       = aws_iam_role.execution.arn
}

output "alb_security_group_id" {
  description = "Id of the load balancer's security group."
  value       = aws_security_group.alb.id
}

output "tasks_security_group_id" {
  description = "Id of the tasks' security group."
  value       = aws_security_group.tasks.id
}

output "log_group_name" {
  description = "Name of the containers' log group."
  value       = aws_cloudwatch_log_group.this.name
}

output "web_acl_arn" {
  description = "ARN of the WAF web ACL in front of the load balancer."
  value       = aws_wafv2_web_acl.this.arn
}
