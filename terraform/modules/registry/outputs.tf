output "repository_name" {
  description = "Name of the repository."
  value       = aws_ecr_repository.this.name
}

output "repository_arn" {
  description = "ARN of the repository."
  value       = aws_ecr_repository.this.arn
}

output "repository_url" {
  description = "URL of the repository (<account>.dkr.ecr.<region>.amazonaws.com/<name>), to push and pull as <url>:<tag>."
  value       = aws_ecr_repository.this.repository_url
}

output "registry_id" {
  description = "Id of the registry (the account id)."
  value       = aws_ecr_repository.this.registry_id
}
