variable "aws_region" {
  description = "AWS region of the environment."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.aws_region))
    error_message = "aws_region must be an AWS region name such as us-east-1."
  }
}

variable "allowed_account_ids" {
  description = "AWS account ids this environment may be applied to (guards against applying prod to the wrong account)."
  type        = list(string)

  validation {
    condition     = length(var.allowed_account_ids) >= 1 && alltrue([for id in var.allowed_account_ids : can(regex("^[0-9]{12}$", id))])
    error_message = "allowed_account_ids must list at least one 12-digit AWS account id."
  }
}

variable "dashboard_image_tag" {
  description = "Tag of the dashboard image in the environment's ECR repository (`make push` uses the git commit). Tags are immutable; `latest` is refused."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.dashboard_image_tag)) && var.dashboard_image_tag != "latest"
    error_message = "dashboard_image_tag must be a valid image tag other than latest."
  }
}

variable "availability_zones" {
  description = "The two availability zones of the environment, in aws_region."
  type        = list(string)
  default     = ["us-east-1a", "us-east-1b"]

  validation {
    condition     = length(var.availability_zones) == 2
    error_message = "availability_zones must list exactly two zones."
  }
}

variable "vpc_cidr_block" {
  description = "IPv4 CIDR of the environment's VPC."
  type        = string
  default     = "10.20.0.0/16"

  validation {
    condition     = can(cidrhost(var.vpc_cidr_block, 0))
    error_message = "vpc_cidr_block must be a valid IPv4 CIDR."
  }
}

variable "spacex_api_url" {
  description = "Base URL of the SpaceX API the extractor reads."
  type        = string
  default     = "https://api.spacexdata.com"

  validation {
    condition     = can(regex("^https://", var.spacex_api_url))
    error_message = "spacex_api_url must be an https:// URL."
  }
}

variable "extractor_log_level" {
  description = "Log level of the extractor (Lambda logging_config application_log_level, AWS_LAMBDA_LOG_LEVEL)."
  type        = string
  default     = "info"

  validation {
    condition     = contains(["error", "warn", "info", "debug", "trace"], var.extractor_log_level)
    error_message = "extractor_log_level must be one of error, warn, info, debug, trace."
  }
}

variable "dashboard_log_level" {
  description = "RUST_LOG of the dashboard."
  type        = string
  default     = "info"

  validation {
    condition     = contains(["error", "warn", "info", "debug", "trace"], var.dashboard_log_level)
    error_message = "dashboard_log_level must be one of error, warn, info, debug, trace."
  }
}

variable "sync_schedule_expression" {
  description = "When the extractor runs (UTC)."
  type        = string
  default     = "cron(0 1,7,13,19 * * ? *)"

  validation {
    condition     = can(regex("^(cron|rate)\\(.+\\)$", var.sync_schedule_expression))
    error_message = "sync_schedule_expression must be a cron(...) or rate(...) expression."
  }
}

variable "sync_schedule_enabled" {
  description = "Whether the scheduled syncs run."
  type        = bool
  default     = true
}

variable "allowed_cidr_blocks" {
  description = "IPv4 CIDRs that may reach the dashboard's load balancer."
  type        = list(string)
  default     = ["0.0.0.0/0"]

  validation {
    condition     = length(var.allowed_cidr_blocks) >= 1 && alltrue([for c in var.allowed_cidr_blocks : can(cidrhost(c, 0))])
    error_message = "allowed_cidr_blocks must list at least one valid IPv4 CIDR."
  }
}

# prod cannot go out insecure: a certificate (port 80 only redirects), ALB access logs and at least
# one alarm recipient are required, with no defaults.
variable "certificate_arn" {
  description = "ACM certificate for HTTPS on the load balancer, in aws_region. Required: prod serves HTTPS only, port 80 redirects."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^arn:aws[a-zA-Z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9a-f-]+$", var.certificate_arn))
    error_message = "certificate_arn is required in prod and must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)."
  }
}

variable "domain_name" {
  description = "Domain name of the dashboard, the certificate's (its DNS record is managed outside this configuration)."
  type        = string
  default     = null
}

variable "alb_access_logs_bucket" {
  description = "S3 bucket (with the ELB log delivery policy) for the load balancer's access logs. Required in prod."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.alb_access_logs_bucket))
    error_message = "alb_access_logs_bucket is required in prod and must be an S3 bucket name."
  }
}

variable "alarm_emails" {
  description = "Email addresses that receive the alarms. Required in prod: at least one."
  type        = list(string)
  nullable    = false

  validation {
    condition     = length(var.alarm_emails) >= 1 && alltrue([for e in var.alarm_emails : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", e))])
    error_message = "alarm_emails must list at least one email address in prod: nobody would hear the alarms otherwise."
  }
}

variable "deploy_role_name" {
  description = "Name of the role that deploys this environment (terraform/bootstrap creates it); it administers the environment's KMS key."
  type        = string
  default     = "spacex-launches-deploy-prod"

  validation {
    condition     = can(regex("^[a-zA-Z0-9+=,.@_-]{1,64}$", var.deploy_role_name))
    error_message = "deploy_role_name must be an IAM role name."
  }
}

variable "permissions_boundary_name" {
  description = "Name of the permissions boundary policy (terraform/bootstrap creates it) that every IAM role of this environment is created with."
  type        = string
  default     = "spacex-launches-boundary-prod"

  validation {
    condition     = can(regex("^[a-zA-Z0-9+=,.@_-]{1,128}$", var.permissions_boundary_name))
    error_message = "permissions_boundary_name must be an IAM policy name."
  }
}

variable "key_administrator_arns" {
  description = "Other IAM roles that administer the KMS key besides the deploy role (e.g. a break-glass admin role); none can decrypt with it."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.key_administrator_arns : can(regex("^arn:aws[a-zA-Z-]*:iam::[0-9]{12}:role/", a))])
    error_message = "key_administrator_arns must list IAM role ARNs."
  }
}

variable "tags" {
  description = "Extra tags for every resource (environment, project and managed_by are set by the provider's default_tags)."
  type        = map(string)
  default     = {}
}
