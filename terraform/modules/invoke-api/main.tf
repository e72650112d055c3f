# HTTP API in front of the extractor for manual runs. Every route is SigV4 signed (AWS_IAM): only
# principals allowed execute-api:Invoke on it reach the function. /health invokes the function,
# whose reserved concurrency is 1, so an open /health would let anyone hold the only execution
# slot and delay the scheduled sync.
#   POST /sync    run a sync
#   GET  /health  "ok" and the version, for uptime checks that sign their requests
# No CORS configuration: the API is called by operators and CI with signed requests, never by a
# browser, so no origin is allowed.
resource "aws_apigatewayv2_api" "this" {
  name          = var.name
  description   = "Manual runs of the SpaceX launches extractor (${var.name})."
  protocol_type = "HTTP"

  tags = merge(var.tags, { Name = var.name })
}

resource "aws_apigatewayv2_integration" "this" {
  api_id                 = aws_apigatewayv2_api.this.id
  integration_type       = "AWS_PROXY"
  integration_method     = "POST"
  integration_uri        = var.lambda_invoke_arn
  payload_format_version = "2.0"
  timeout_milliseconds   = var.integration_timeout_milliseconds
}

resource "aws_apigatewayv2_route" "sync" {
  api_id             = aws_apigatewayv2_api.this.id
  route_key          = "POST /sync"
  authorization_type = "AWS_IAM"
  target             = "integrations/${aws_apigatewayv2_integration.this.id}"
}

resource "aws_apigatewayv2_route" "health" {
  api_id             = aws_apigatewayv2_api.this.id
  route_key          = "GET /health"
  authorization_type = "AWS_IAM"
  target             = "integrations/${aws_apigatewayv2_integration.this.id}"
}

resource "aws_apigatewayv2_stage" "this" {
  api_id      = aws_apigatewayv2_api.this.id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
    throttling_burst_limit   = var.throttling_burst_limit
    throttling_rate_limit    = var.throttling_rate_limit
    detailed_metrics_enabled = true
  }

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.access.arn
    format = jsonencode({
      requestId          = "$context.requestId"
      requestTime        = "$context.requestTime"
      sourceIp           = "$context.identity.sourceIp"
      userArn            = "$context.identity.userArn"
      httpMethod         = "$context.httpMethod"
      routeKey           = "$context.routeKey"
      status             = "$context.status"
      protocol           = "$context.protocol"
      responseLength     = "$context.responseLength"
      responseLatency    = "$context.responseLatency"
      integrationStatus  = "$context.integrationStatus"
      integrationError   = "$context.integrationErrorMessage"
      authorizerError    = "$context.authorizer.error"
      integrationLatency = "$context.integrationLatency"
    })
  }

  tags = merge(var.tags, { Name = var.name })
}

resource "aws_cloudwatch_log_group" "access" {
  #checkov:skip=CKV_AWS_338:Retention is an input (default 365 days): prod keeps the API access logs 90 days (the Lambda logs, 365 days, hold the sync reports themselves) and dev 14 days; a year of access records of a two-route operator API is not worth paying for.
  name              = "/aws/apigateway/${var.name}"
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}

# Only this API (any stage, any route of it) may invoke the function through this permission.
resource "aws_lambda_permission" "this" {
  statement_id  = "AllowExecutionFromApiGateway-${var.name}"
  action        = "lambda:InvokeFunction"
  function_name = var.lambda_function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.this.execution_arn}/*/*"
}

# Attach this policy to the roles or groups that may trigger a sync or check the function's health
# (operators, CI, a signed uptime check).
data "aws_iam_policy_document" "invoke_sync" {
  statement {
    sid       = "InvokeSync"
    actions   = ["execute-api:Invoke"]
    resources = ["${aws_apigatewayv2_api.this.execution_arn}/${aws_apigatewayv2_stage.this.name}/POST/sync"]
  }

  statement {
    sid       = "CheckHealth"
    actions   = ["execute-api:Invoke"]
    resources = ["${aws_apigatewayv2_api.this.execution_arn}/${aws_apigatewayv2_stage.this.name}/GET/health"]
  }
}

resource "aws_iam_policy" "invoke_sync" {
  name        = "${var.name}-invoke-sync"
  description = "Allows a signed POST /sync and GET /health on the ${var.name} HTTP API."
  policy      = data.aws_iam_policy_document.invoke_sync.json

  tags = var.tags
}
