# What a deploy role may do: read anything it must describe to plan; change only its environment's
# resources, by name prefix where the ARN carries the name, by the `environment` tag (set by the
# environments' default_tags) where it does not; create IAM roles only with the boundary below.

data "aws_iam_policy_document" "deploy" {
  for_each = var.environments

  # Reads that AWS does not scope by resource, needed to plan.
  statement {
    sid = "ReadForPlanning"
    actions = [
      "application-autoscaling:Describe*",
      "ec2:DescribeAccountAttributes",
      "ec2:DescribeAddresses",
      "ec2:DescribeAddressesAttribute",
      "ec2:DescribeAvailabilityZones",
      "ec2:DescribeFlowLogs",
      "ec2:DescribeInternetGateways",
      "ec2:DescribeNatGateways",
      "ec2:DescribeNetworkAcls",
      "ec2:DescribeNetworkInterfaces",
      "ec2:DescribePrefixLists",
      "ec2:DescribeRouteTables",
      "ec2:DescribeSecurityGroupRules",
      "ec2:DescribeSecurityGroups",
      "ec2:DescribeSubnets",
      "ec2:DescribeTags",
      "ec2:DescribeVpcEndpointServices",
      "ec2:DescribeVpcEndpoints",
      "ec2:DescribeVpcs",
      "ecr:GetAuthorizationToken",
      "ecs:DeregisterTaskDefinition",
      "ecs:DescribeTaskDefinition",
      "ecs:RegisterTaskDefinition",
      "elasticloadbalancing:Describe*",
      "kms:ListAliases",
      "logs:DescribeLogGroups",
      "sqs:ListQueues",
    ]
    resources = ["*"]
  }

  statement {
    sid       = "ReadAlarms"
    actions   = ["cloudwatch:DescribeAlarms"]
    resources = ["arn:${local.partition}:cloudwatch:${local.arn.region}:alarm:*"]
  }

  # WAF's logging to CloudWatch Logs goes through a log delivery and the account's Logs resource
  # policy; AWS offers no resource to scope these by.
  statement {
    sid = "WafLogDelivery"
    actions = [
      "logs:CreateLogDelivery",
      "logs:DeleteLogDelivery",
      "logs:DescribeResourcePolicies",
      "logs:GetLogDelivery",
      "logs:ListLogDeliveries",
      "logs:PutResourcePolicy",
      "logs:UpdateLogDelivery",
    ]
    resources = ["*"]
  }

  # The certificate the HTTPS listener uses (issued outside this configuration).
  statement {
    sid       = "ReadCertificates"
    actions   = ["acm:DescribeCertificate"]
    resources = ["arn:${local.partition}:acm:${local.arn.region}:certificate/*"]
  }

  # IAM roles of the environment: created and given policies only with the boundary attached.
  statement {
    sid = "RolesOnlyWithTheBoundary"
    actions = [
      "iam:AttachRolePolicy",
      "iam:CreateRole",
      "iam:DeleteRolePolicy",
      "iam:DetachRolePolicy",
      "iam:PutRolePermissionsBoundary",
      "iam:PutRolePolicy",
    ]
    resources = ["${local.arn.iam}:role/${local.prefix[each.key]}-*"]

    condition {
      test     = "StringEquals"
      variable = "iam:PermissionsBoundary"
      values   = [aws_iam_policy.boundary[each.key].arn]
    }
  }

  statement {
    sid = "ManageTheEnvironmentsRoles"
    actions = [
      "iam:DeleteRole",
      "iam:GetRole",
      "iam:GetRolePolicy",
      "iam:ListAttachedRolePolicies",
      "iam:ListInstanceProfilesForRole",
      "iam:ListRolePolicies",
      "iam:TagRole",
      "iam:UntagRole",
      "iam:UpdateAssumeRolePolicy",
      "iam:UpdateRole",
      "iam:UpdateRoleDescription",
    ]
    resources = ["${local.arn.iam}:role/${local.prefix[each.key]}-*"]
  }

  # Only to the services the environment's roles are for.
  statement {
    sid       = "PassTheEnvironmentsRoles"
    actions   = ["iam:PassRole"]
    resources = ["${local.arn.iam}:role/${local.prefix[each.key]}-*"]

    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["ecs-tasks.amazonaws.com", "lambda.amazonaws.com", "vpc-flow-logs.amazonaws.com"]
    }
  }

  statement {
    sid = "ManageTheEnvironmentsPolicies"
    actions = [
      "iam:CreatePolicy",
      "iam:CreatePolicyVersion",
      "iam:DeletePolicy",
      "iam:DeletePolicyVersion",
      "iam:GetPolicy",
      "iam:GetPolicyVersion",
      "iam:ListPolicyVersions",
      "iam:TagPolicy",
      "iam:UntagPolicy",
    ]
    resources = ["${local.arn.iam}:policy/${local.prefix[each.key]}-*"]
  }

  statement {
    sid       = "ServiceLinkedRoles"
    actions   = ["iam:CreateServiceLinkedRole"]
    resources = ["${local.arn.iam}:role/aws-service-role/*"]

    condition {
      test     = "StringEquals"
      variable = "iam:AWSServiceName"
      values   = ["ecs.amazonaws.com", "elasticloadbalancing.amazonaws.com", "ecs.application-autoscaling.amazonaws.com"]
    }
  }

  # Resources whose ARNs carry the environment's name.
  statement {
    sid = "TheEnvironmentsNamedResources"
    actions = [
      "cloudwatch:*",
      "dynamodb:*",
      "ecr:*",
      "ecs:*",
      "elasticloadbalancing:*",
      "events:*",
      "lambda:*",
      "logs:*",
      "sns:*",
      "sqs:*",
      "wafv2:*",
    ]
    resources = [
      "arn:${local.partition}:cloudwatch:${local.arn.region}:alarm:${local.prefix[each.key]}-*",
      "arn:${local.partition}:dynamodb:${local.arn.region}:table/${local.prefix[each.key]}*",
      "arn:${local.partition}:ecr:${local.arn.region}:repository/${local.prefix[each.key]}-*",
      "arn:${local.partition}:ecs:${local.arn.region}:cluster/${local.prefix[each.key]}-*",
      "arn:${local.partition}:ecs:${local.arn.region}:service/${local.prefix[each.key]}-*",
      "arn:${local.partition}:ecs:${local.arn.region}:task-definition/${local.prefix[each.key]}-*",
      "arn:${local.partition}:elasticloadbalancing:${local.arn.region}:loadbalancer/app/${local.prefix[each.key]}-*",
      "arn:${local.partition}:elasticloadbalancing:${local.arn.region}:targetgroup/${local.prefix[each.key]}-*",
      "arn:${local.partition}:elasticloadbalancing:${local.arn.region}:listener/app/${local.prefix[each.key]}-*",
      "arn:${local.partition}:elasticloadbalancing:${local.arn.region}:listener-rule/app/${local.prefix[each.key]}-*",
      "arn:${local.partition}:events:${local.arn.region}:rule/${local.prefix[each.key]}-*",
      "arn:${local.partition}:lambda:${local.arn.region}:function:${local.prefix[each.key]}-*",
      "arn:${local.partition}:logs:${local.arn.region}:log-group:/aws/lambda/${local.prefix[each.key]}-*",
      "arn:${local.partition}:logs:${local.arn.region}:log-group:/aws/apigateway/${local.prefix[each.key]}-*",
      "arn:${local.partition}:logs:${local.arn.region}:log-group:/aws/vpc-flow-logs/${local.prefix[each.key]}*",
      "arn:${local.partition}:logs:${local.arn.region}:log-group:/ecs/${local.prefix[each.key]}-*",
      "arn:${local.partition}:logs:${local.arn.region}:log-group:aws-waf-logs-${local.prefix[each.key]}-*",
      "arn:${local.partition}:sns:${local.arn.region}:${local.prefix[each.key]}-*",
      "arn:${local.partition}:sqs:${local.arn.region}:${local.prefix[each.key]}-*",
      "arn:${local.partition}:wafv2:${local.arn.region}:regional/webacl/${local.prefix[each.key]}-*",
    ]
  }

  # The web ACL refers to AWS's managed rule groups; referring changes nothing of theirs.
  statement {
    sid       = "UseAwsManagedRuleGroups"
    actions   = ["wafv2:CreateWebACL", "wafv2:UpdateWebACL", "wafv2:GetManagedRuleSet"]
    resources = ["arn:${local.partition}:wafv2:${local.arn.region}:regional/managedruleset/*"]
  }

  # Resources whose ARNs carry an id, not a name: created only with the environment's tag, and
  # changed only while they carry it.
  statement {
    sid = "CreateTaggedResources"
    actions = [
      "apigateway:POST",
      "application-autoscaling:RegisterScalableTarget",
      "application-autoscaling:TagResource",
      "ec2:AllocateAddress",
      "ec2:Create*",
      "kms:TagResource",
    ]
    resources = [
      "arn:${local.partition}:apigateway:${local.region}::/*",
      "arn:${local.partition}:application-autoscaling:${local.arn.region}:scalable-target/*",
      "arn:${local.partition}:ec2:${local.arn.region}:*",
      "arn:${local.partition}:kms:${local.arn.region}:key/*",
    ]

    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/environment"
      values   = [each.key]
    }
  }

  # CreateKey has no resource to scope by (the key does not exist yet).
  statement {
    sid       = "CreateTaggedKeys"
    actions   = ["kms:CreateKey"]
    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/environment"
      values   = [each.key]
    }
  }

  statement {
    sid = "ChangeTaggedResources"
    actions = [
      "apigateway:*",
      "application-autoscaling:*",
      "ec2:*",
      "kms:*",
    ]
    resources = [
      "arn:${local.partition}:apigateway:${local.region}::/*",
      "arn:${local.partition}:application-autoscaling:${local.arn.region}:scalable-target/*",
      "arn:${local.partition}:ec2:${local.arn.region}:*",
      "arn:${local.partition}:kms:${local.arn.region}:key/*",
    ]

    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/environment"
      values   = [each.key]
    }
  }

  # Tags are set in the same call that creates a resource (EC2's CreateTags on create).
  statement {
    sid       = "TagOnCreate"
    actions   = ["ec2:CreateTags"]
    resources = ["arn:${local.partition}:ec2:${local.arn.region}:*"]

    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/environment"
      values   = [each.key]
    }
  }

  statement {
    sid       = "TheEnvironmentsKeyAlias"
    actions   = ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"]
    resources = ["arn:${local.partition}:kms:${local.arn.region}:alias/${local.prefix[each.key]}"]
  }

  # The environment's state object and its lock entry, nothing else of the state store.
  statement {
    sid       = "ListTheStateBucket"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.state.arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["${local.project}/${each.key}/*"]
    }
  }

  statement {
    sid       = "TheEnvironmentsState"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${aws_s3_bucket.state.arn}/${local.project}/${each.key}/*"]
  }

  statement {
    sid       = "TheEnvironmentsLock"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"]
    resources = [aws_dynamodb_table.lock.arn]

    condition {
      test     = "ForAllValues:StringLike"
      variable = "dynamodb:LeadingKeys"
      values   = ["${aws_s3_bucket.state.id}/${local.project}/${each.key}/*"]
    }
  }

  statement {
    sid       = "UseTheStateKey"
    actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.state.arn]
  }

  # Nothing it may change can loosen its own limits: not the boundary, not the deploy roles, not
  # the OIDC provider, and no role loses its boundary.
  statement {
    sid       = "KeepTheLimits"
    effect    = "Deny"
    actions   = ["iam:DeleteRolePermissionsBoundary"]
    resources = ["${local.arn.iam}:role/*"]
  }

  statement {
    sid    = "KeepTheBootstrap"
    effect = "Deny"
    actions = [
      "iam:CreatePolicyVersion",
      "iam:DeletePolicy",
      "iam:DeletePolicyVersion",
      "iam:SetDefaultPolicyVersion",
      "iam:AttachRolePolicy",
      "iam:DeleteRole",
      "iam:DeleteRolePolicy",
      "iam:PutRolePolicy",
      "iam:UpdateAssumeRolePolicy",
      "iam:DeleteOpenIDConnectProvider",
      "iam:UpdateOpenIDConnectProviderThumbprint",
      "iam:AddClientIDToOpenIDConnectProvider",
    ]
    resources = [
      aws_iam_policy.boundary[each.key].arn,
      "${local.arn.iam}:role/${local.project}-deploy-*",
      aws_iam_openid_connect_provider.github.arn,
    ]
  }
}
