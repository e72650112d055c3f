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


output "tasks_security_group_id" {
  description = "Id of the tasks' security group."
  value       = aws_security_group.tasks.id
}


output "log_group_name" {
  description = "Name of the containers' log group."
  value       = aws_cloudwatch_log_group.this.name
}

