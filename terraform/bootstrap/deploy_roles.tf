# One deploy role per environment. Trusted only by the repository's jobs that run in that GitHub
# environment (the OIDC subject `repo:OWNER/REPO:environment:ENV`) for the audience AWS expects;
# GitHub's environment protection (required reviewers, deployments from main only) decides which
# jobs get there.

locals {
  # Everything an environment creates is named "spacex-launches-<env>..." (its `local.name`).
  prefix = { for env in var.environments : env => "${local.project}-${env}" }

  arn = {
    iam    = "arn:${local.partition}:iam::${local.account_id}"
    region = "${local.region}:${local.account_id}"
  }
}

data "aws_iam_policy_document" "deploy_trust" {
  for_each = var.environments

  statement {
    sid     = "GitHubEnvironment"
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.github.arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.github_oidc_host}:aud"
      values   = [local.oidc_audience]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.github_oidc_host}:sub"
      values   = ["repo:${var.github_repository}:environment:${each.key}"]
    }
  }
}

resource "aws_iam_role" "deploy" {
  for_each = var.environments

  name                 = "${local.project}-deploy-${each.key}"
  description          = "Deploys ${local.prefix[each.key]} from GitHub Actions (${var.github_repository}, environment ${each.key})."
  assume_role_policy   = data.aws_iam_policy_document.deploy_trust[each.key].json
  max_session_duration = 3600

  tags = { environment = each.key }
}

resource "aws_iam_role_policy" "deploy" {
  for_each = var.environments

  name   = "deploy-${local.prefix[each.key]}"
  role   = aws_iam_role.deploy[each.key].id
  policy = data.aws_iam_policy_document.deploy[each.key].json
}
