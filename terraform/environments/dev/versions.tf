terraform {
  required_version = ">= 1.5"

  required_providers {
    # The provider version whose schema the harness checks this configuration against
    # (terraform/aws-provider-5.100.0.schema.json); move both together (`make provider-schema`).
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100.0"
    }
  }
}
