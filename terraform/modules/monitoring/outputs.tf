output "topic_arn" {
  description = "ARN of the alarm topic (subscribe more endpoints to it)."
  value       = aws_sns_topic.this.arn
}

output "topic_name" {
  description = "Name of the alarm topic."
  value       = aws_sns_topic.this.name
}

output "alarm_names" {
  description = "Names of the alarms, by purpose."
  value = {
    extractor_errors = aws_cloudwatch_metric_alarm.extractor_errors.alarm_name
    dlq_messages     = aws_cloudwatch_metric_alarm.dlq_messages.alarm_name
    alb_5xx          = aws_cloudwatch_metric_alarm.alb_5xx.alarm_name
    target_5xx       = aws_cloudwatch_metric_alarm.target_5xx.alarm_name
    unhealthy_hosts  = aws_cloudwatch_metric_alarm.unhealthy_hosts.alarm_name
  }
}
