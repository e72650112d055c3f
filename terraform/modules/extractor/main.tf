data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  in_vpc = length(var.subnet_ids) > 0

  # The LL2 API key's SSM parameter: named here, created (or not) by the operator with
  # `aws ssm put-parameter --type SecureString`, never by Terraform, so that the key is in no
  # state file. Absent, the extractor uses LL2 anonymously.
  ll2_api_key_parameter     = "/${var.name}/ll2-api-key"
  ll2_api_key_parameter_arn = "arn:${data.aws_partition.current.partition}:ssm:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:parameter${local.ll2_api_key_parameter}"
}

################################################################################
# Function
################################################################################

resource "aws_lambda_function" "this" {
  #checkov:skip=CKV_AWS_116:Failed asynchronous invocations go to the module's SQS queue through aws_lambda_function_event_invoke_config on_failure, the successor of dead_letter_config; its records carry the error and request context, a DLQ message does not. Configuring both would queue every failure twice.
  #checkov:skip=CKV_AWS_272:The package is the zip that `make lambda` builds (in the deploy workflow's build job) and Terraform uploads directly (filename + source_code_hash); AWS Signer code signing needs a signing job on an S3 object, which this pipeline does not have. The hash pins the exact artefact deployed.
  function_name = var.name
  description   = "Syncs SpaceX launches from the SpaceX API into ${var.table_name}."
  role          = aws_iam_role.this.arn

  runtime          = "provided.al2023"
  architectures    = ["arm64"]
  handler          = "bootstrap"
  filename         = var.package_path
  source_code_hash = filebase64sha256(var.package_path)

  memory_size = var.memory_size
  timeout     = var.timeout

  # One run at a time: a scheduled run and a manual /sync never overlap (a second manual call is
  # throttled with 429, a second asynchronous event waits in Lambda's queue).
  reserved_concurrent_executions = 1

  kms_key_arn = var.kms_key_arn

  environment {
    variables = {
      LAUNCHES_TABLE        = var.table_name
      SPACEX_API_URL        = var.spacex_api_url
      LL2_API_URL           = var.ll2_api_url
      LL2_REQUEST_BUDGET    = tostring(var.ll2_request_budget)
      LL2_API_KEY_PARAMETER = local.ll2_api_key_parameter
    }
  }

  # Lambda's logging controls: it sets AWS_LAMBDA_LOG_FORMAT and AWS_LAMBDA_LOG_LEVEL, which
  # lambda_runtime's tracing set-up reads (JSON lines, filtered by level). The platform's own
  # lines stay at INFO: the REPORT line carries each run's duration and memory.
  logging_config {
    log_format            = "JSON"
    application_log_level = upper(var.log_level)
    system_log_level      = "INFO"
  }

  tracing_config {
    mode = "Active"
  }

  # In the VPC when subnets are given (prod: egress through NAT, one security group); outside it
  # otherwise (dev: no NAT gateway to pay for; the function reaches the SpaceX API and DynamoDB
  # over AWS's network with its IAM role).
  dynamic "vpc_config" {
    for_each = local.in_vpc ? [var.subnet_ids] : []

    content {
      subnet_ids         = vpc_config.value
      security_group_ids = [aws_security_group.this[0].id]
    }
  }

  tags = merge(var.tags, { Name = var.name })

  depends_on = [
    aws_cloudwatch_log_group.this,
    aws_iam_role_policy.this,
    aws_iam_role_policy.vpc_access,
  ]
}

resource "aws_cloudwatch_log_group" "this" {
  #checkov:skip=CKV_AWS_338:Retention is an input: prod keeps the function's logs 365 days, dev 14 days because a throwaway environment's logs are not worth paying to keep for a year.
  name              = "/aws/lambda/${var.name}"
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}

################################################################################
# Asynchronous invocations (the schedule): retries, then the dead-letter queue
################################################################################

resource "aws_sqs_queue" "dlq" {
  name                              = "${var.name}-dlq"
  message_retention_seconds         = 1209600
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = 300

  tags = merge(var.tags, { Name = "${var.name}-dlq" })
}

resource "aws_lambda_function_event_invoke_config" "this" {
  function_name                = aws_lambda_function.this.function_name
  maximum_retry_attempts       = var.maximum_retry_attempts
  maximum_event_age_in_seconds = var.maximum_event_age_in_seconds

  destination_config {
    on_failure {
      destination = aws_sqs_queue.dlq.arn
    }
  }
}

################################################################################
# Network (when in the VPC): private subnets; DynamoDB through the gateway endpoint, the SpaceX
# API through NAT
################################################################################

resource "aws_security_group" "this" {
  count = local.in_vpc ? 1 : 0

  name_prefix = "${var.name}-lambda-"
  description = "Extractor Lambda ${var.name}: no inbound, HTTPS out only"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-lambda" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_egress_rule" "https" {
  count = local.in_vpc ? 1 : 0

  security_group_id = aws_security_group.this[0].id
  description       = "HTTPS to the SpaceX API (through NAT) and AWS APIs (DynamoDB through its gateway endpoint)"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"

  tags = var.tags
}

################################################################################
# IAM: write the table, and nothing else on DynamoDB
################################################################################

data "aws_iam_policy_document" "assume" {
  statement {
    sid     = "LambdaAssume"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "this" {
  name                 = var.name
  description          = "Execution role of the extractor Lambda ${var.name}."
  assume_role_policy   = data.aws_iam_policy_document.assume.json
  permissions_boundary = var.permissions_boundary_arn

  tags = var.tags
}

data "aws_iam_policy_document" "this" {
  # Change detection reads stored rows with BatchGetItem; new or changed launches are written
  # with BatchWriteItem. Never a delete, never a scan.
  statement {
    sid       = "SyncLaunches"
    actions   = ["dynamodb:BatchGetItem", "dynamodb:BatchWriteItem"]
    resources = [var.table_arn]
  }

  # A source's launch finds its row among the archive's rows of the years near it (the
  # year-date index).
  statement {
    sid       = "FindArchiveRows"
    actions   = ["dynamodb:Query"]
    resources = ["${var.table_arn}/index/*"]
  }

  # Each source's cursor is one item of the table (id `#cursor#<source>`): single-item reads
  # and writes are limited to those items.
  statement {
    sid       = "SourceCursors"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem"]
    resources = [var.table_arn]

    condition {
      test     = "ForAllValues:StringLike"
      variable = "dynamodb:LeadingKeys"
      values   = ["#cursor#*"]
    }
  }

  statement {
    sid       = "WriteLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this.arn}:*"]
  }

  # X-Ray has no resource-level permissions for these actions.
  statement {
    sid       = "WriteTraces"
    actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
    resources = ["*"]
  }

  statement {
    sid       = "SendFailedEvents"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.dlq.arn]
  }

  # The LL2 API key, read once per cold start. It is a SecureString under the project key, so
  # decrypting it needs the kms:Decrypt granted below, which SSM calls on the function's behalf.
  statement {
    sid       = "ReadLl2ApiKey"
    actions   = ["ssm:GetParameter"]
    resources = [local.ll2_api_key_parameter_arn]
  }

  # The key encrypts the environment, the dead-letter queue, the table and the LL2 API key's
  # parameter.
  statement {
    sid       = "UseEncryptionKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.kms_key_arn]
  }
}

resource "aws_iam_role_policy" "this" {
  name   = "extractor"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.this.json
}

# The network interfaces of a function in a VPC, scoped as the Lambda developer guide documents:
# the Describe actions work only on "*"; the interfaces are created only in the function's subnets
# with its security group; deleting and (un)assigning addresses is limited to network interfaces
# of this account and region. (Replaces the AWSLambdaENIManagementAccess managed policy, which
# allows all of them on "*".)
locals {
  ec2_arn_prefix = "arn:${data.aws_partition.current.partition}:ec2:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}"
}

data "aws_iam_policy_document" "vpc_access" {
  count = local.in_vpc ? 1 : 0

  statement {
    sid       = "DescribeNetwork"
    actions   = ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"]
    resources = ["*"]
  }

  statement {
    sid     = "CreateInterfacesInTheFunctionsSubnets"
    actions = ["ec2:CreateNetworkInterface"]
    resources = concat(
      ["${local.ec2_arn_prefix}:network-interface/*", aws_security_group.this[0].arn],
      [for id in var.subnet_ids : "${local.ec2_arn_prefix}:subnet/${id}"],
    )
  }

  statement {
    sid = "ManageTheFunctionsInterfaces"
    actions = [
      "ec2:DeleteNetworkInterface",
      "ec2:AssignPrivateIpAddresses",
      "ec2:UnassignPrivateIpAddresses",
    ]
    resources = ["${local.ec2_arn_prefix}:network-interface/*"]
  }
}

resource "aws_iam_role_policy" "vpc_access" {
  count = local.in_vpc ? 1 : 0

  name   = "vpc-network-interfaces"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.vpc_access[0].json
}
