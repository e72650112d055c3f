# The one-time, per-account foundation of the deploys: GitHub's OIDC provider, one deploy role per
# environment (assumable only by this repository's workflow jobs running in that GitHub
# environment), the permissions boundary every role the deploy roles create must carry, and the
# state bucket and lock table. Names of everything an environment creates start with
# "spacex-launches-<env>"; the deploy role's write permissions are limited to that prefix (or, where
# AWS ARNs carry no name, to resources tagged with the environment).

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  project    = "spacex-launches"
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = var.aws_region

  github_oidc_host = "token.actions.githubusercontent.com"
  oidc_audience    = "sts.amazonaws.com"

  lock_table_name = "${local.project}-terraform-locks"
}

################################################################################
# GitHub's OIDC provider: workflow jobs exchange their token for a deploy role's credentials
################################################################################

resource "aws_iam_openid_connect_provider" "github" {
  url            = "https://${local.github_oidc_host}"
  client_id_list = [local.oidc_audience]
  # No thumbprint_list: AWS verifies GitHub's certificate through its own trust store.

  tags = { Name = "github-actions" }
}
