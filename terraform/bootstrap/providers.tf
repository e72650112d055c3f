# Applied once per account by an administrator with their own credentials (the deploy roles do not
# exist yet). Its state is local at first; docs/deployment.md moves it into the state bucket.
provider "aws" {
  region              = var.aws_region
  allowed_account_ids = var.allowed_account_ids

  default_tags {
    tags = {
      project    = local.project
      managed_by = "terraform"
      component  = "bootstrap"
    }
  }
}
