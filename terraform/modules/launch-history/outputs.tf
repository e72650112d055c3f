output "table_name" {
  description = "Name of the launch history table (the launches table's name plus \"-history\")."
  value       = aws_dynamodb_table.this.name
}

output "table_arn" {
  description = "ARN of the launch history table."
  value       = aws_dynamodb_table.this.arn
}

output "index_name" {
  description = "Name of the global secondary index that reads history by time."
  value       = "year-observed-index"
}
