provider "aws" {
  region              = var.aws_region
  allowed_account_ids = var.allowed_account_ids

  default_tags {
    tags = {
      environment = "dev"
      project     = "spacex-launches"
      managed_by  = "terraform"
    }
  }
}
