# The permissions boundary of every role an environment creates (the extractor's, the dashboard
# task's and execution role, the flow logs' role). A role's effective permissions are the
# intersection of its own policies and this: whatever a deploy writes into a role's policy, the
# role can never act outside the environment's resources, and never on IAM.

data "aws_iam_policy_document" "boundary" {
  for_each = var.environments

  statement {
    sid = "TheEnvironmentsData"
    actions = [
      "dynamodb:BatchGetItem",
      "dynamodb:BatchWriteItem",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:Query",
      "sqs:SendMessage",
    ]
    resources = [
      "arn:${local.partition}:dynamodb:${local.arn.region}:table/${local.prefix[each.key]}*",
      "arn:${local.partition}:sqs:${local.arn.region}:${local.prefix[each.key]}-*",
    ]
  }

  statement {
    sid = "TheEnvironmentsLogs"
    actions = [
      "logs:CreateLogStream",
      "logs:DescribeLogStreams",
      "logs:PutLogEvents",
    ]
    resources = ["arn:${local.partition}:logs:${local.arn.region}:log-group:*${local.prefix[each.key]}*"]
  }

  statement {
    sid = "PullTheEnvironmentsImages"
    actions = [
      "ecr:BatchCheckLayerAvailability",
      "ecr:BatchGetImage",
      "ecr:GetDownloadUrlForLayer",
    ]
    resources = ["arn:${local.partition}:ecr:${local.arn.region}:repository/${local.prefix[each.key]}-*"]
  }

  # These accept no resource-level scoping (the roles' own policies say so too).
  statement {
    sid = "UnscopedByAws"
    actions = [
      "ec2:DescribeNetworkInterfaces",
      "ec2:DescribeSubnets",
      "ecr:GetAuthorizationToken",
      "xray:PutTelemetryRecords",
      "xray:PutTraceSegments",
    ]
    resources = ["*"]
  }

  statement {
    sid = "FunctionNetworkInterfaces"
    actions = [
      "ec2:AssignPrivateIpAddresses",
      "ec2:CreateNetworkInterface",
      "ec2:DeleteNetworkInterface",
      "ec2:UnassignPrivateIpAddresses",
    ]
    resources = ["arn:${local.partition}:ec2:${local.arn.region}:*"]
  }

  statement {
    sid       = "TheEnvironmentsKey"
    actions   = ["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey"]
    resources = ["arn:${local.partition}:kms:${local.arn.region}:key/*"]

    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/environment"
      values   = [each.key]
    }
  }

  # The extractor's API key parameter (issue 11) lives under the environment's name.
  statement {
    sid       = "TheEnvironmentsParameters"
    actions   = ["ssm:GetParameter"]
    resources = ["arn:${local.partition}:ssm:${local.arn.region}:parameter/${local.prefix[each.key]}*"]
  }
}

resource "aws_iam_policy" "boundary" {
  for_each = var.environments

  name        = "${local.project}-boundary-${each.key}"
  description = "Permissions boundary of every IAM role that ${local.prefix[each.key]} creates."
  policy      = data.aws_iam_policy_document.boundary[each.key].json

  tags = { environment = each.key }
}
