output "rule_name" {
  description = "Name of the EventBridge rule."
  value       = aws_cloudwatch_event_rule.this.name
}

output "rule_arn" {
  description = "ARN of the EventBridge rule."
  value       = aws_cloudwatch_event_rule.this.arn
}

output "schedule_expression" {
  description = "Schedule of the extractor runs (UTC)."
  value       = aws_cloudwatch_event_rule.this.schedule_expression
}
