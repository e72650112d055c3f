# Runs the extractor 4 times a day (01:00, 07:00, 13:00 and 19:00 UTC by default). EventBridge
# invokes the function asynchronously: retries and the dead-letter queue are the extractor's
# event invoke config.
resource "aws_cloudwatch_event_rule" "this" {
  name                = var.name
  description         = "Syncs SpaceX launches into the table on a schedule."
  schedule_expression = var.schedule_expression
  state               = var.enabled ? "ENABLED" : "DISABLED"

  tags = merge(var.tags, { Name = var.name })
}

resource "aws_cloudwatch_event_target" "this" {
  rule      = aws_cloudwatch_event_rule.this.name
  target_id = "extractor"
  arn       = var.lambda_function_arn
}

resource "aws_lambda_permission" "this" {
  statement_id  = "AllowExecutionFromEventBridge-${var.name}"
  action        = "lambda:InvokeFunction"
  function_name = var.lambda_function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.this.arn
}
