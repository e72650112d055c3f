output "table_name" {
  description = "Name of the launches table (LAUNCHES_TABLE for the extractor and the dashboard)."
  value       = aws_dynamodb_table.this.name
}

output "table_arn" {
  description = "ARN of the launches table."
  value       = aws_dynamodb_table.this.arn
}

output "index_name" {
  description = "Name of the global secondary index used for date queries."
  value       = "year-date-index"
}

output "index_arn" {
  description = "ARN of the year-date-index global secondary index."
  value       = "${aws_dynamodb_table.this.arn}/index/year-date-index"
}
