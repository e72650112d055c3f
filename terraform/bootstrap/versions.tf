terraform {
  required_version = ">= 1.5"

  # The same provider version as the environments (the harness checks all of terraform/ against
  # its schema).
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100.0"
    }
  }
}
