variable "aws_region" {
  description = "AWS region of the environments and of the state bucket."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.aws_region))
    error_message = "aws_region must be an AWS region name such as us-east-1."
  }
}

variable "allowed_account_ids" {
  description = "AWS account ids this bootstrap may be applied to."
  type        = list(string)

  validation {
    condition     = length(var.allowed_account_ids) >= 1 && alltrue([for id in var.allowed_account_ids : can(regex("^[0-9]{12}$", id))])
    error_message = "allowed_account_ids must list at least one 12-digit AWS account id."
  }
}

variable "github_repository" {
  description = "The GitHub repository whose deploy workflow may assume the deploy roles, as OWNER/REPO."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.github_repository))
    error_message = "github_repository must be OWNER/REPO."
  }
}

variable "environments" {
  description = "Environments that get a deploy role (each must be a GitHub environment of the repository, with required reviewers for prod)."
  type        = set(string)
  default     = ["dev", "prod"]

  validation {
    condition     = length(var.environments) >= 1 && alltrue([for e in var.environments : can(regex("^[a-z][a-z0-9]{0,9}$", e))])
    error_message = "environments must be short lower-case names such as dev and prod."
  }
}

variable "state_bucket_name" {
  description = "Name of the S3 bucket for every environment's Terraform state (bucket names are global: pass it to `terraform init -backend-config=bucket=...`)."
  type        = string
  default     = "spacex-launches-terraform-state"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.state_bucket_name))
    error_message = "state_bucket_name must be an S3 bucket name."
  }
}

variable "state_access_logs_bucket" {
  description = "Existing S3 bucket of the account's server access logs (with the S3 log delivery policy); the state bucket's access is logged there."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.state_access_logs_bucket))
    error_message = "state_access_logs_bucket must be an S3 bucket name."
  }
}

variable "administrator_arns" {
  description = "IAM roles of the people who run this bootstrap; they administer the state key (no decrypt)."
  type        = list(string)

  validation {
    condition     = length(var.administrator_arns) >= 1 && alltrue([for a in var.administrator_arns : can(regex("^arn:aws[a-zA-Z-]*:iam::[0-9]{12}:role/", a))])
    error_message = "administrator_arns must list at least one IAM role ARN."
  }
}
