terraform {
  required_version = ">= 1.5"

  required_providers {
    # The oldest provider the module was checked against; environments pin the exact range.
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100"
    }
  }
}
