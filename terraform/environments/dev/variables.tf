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
  description = "AWS account ids this environment may be applied to (guards against applying dev to the wrong account)."
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
  default     = "10.10.0.0/16"

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

variable "certificate_arn" {
  description = "ACM certificate for HTTPS on the load balancer; null serves plain HTTP on port 80 (dev without a domain)."
  type        = string
  default     = null
}

variable "domain_name" {
  description = "Domain name of the dashboard when certificate_arn is set (its DNS record is managed outside this configuration)."
  type        = string
  default     = null
}

variable "alb_access_logs_bucket" {
  description = "S3 bucket (with the ELB log delivery policy) for the load balancer's access logs; null turns them off."
  type        = string
  default     = null
}

variable "alarm_emails" {
  description = "Email addresses that receive the alarms."
  type        = list(string)
  default     = []
}

variable "deploy_role_name" {
  description = "Name of the role that deploys this environment (terraform/bootstrap creates it); it administers the environment's KMS key."
  type        = string
  default     = "spacex-launches-deploy-dev"

  validation {
    condition     = can(regex("^[a-zA-Z0-9+=,.@_-]{1,64}$", var.deploy_role_name))
    error_message = "deploy_role_name must be an IAM role name."
  }
}

variable "permissions_boundary_name" {
  description = "Name of the permissions boundary policy (terraform/bootstrap creates it) that every IAM role of this environment is created with."
  type        = string
  default     = "spacex-launches-boundary-dev"

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

variable "waf_enabled" {
  description = "Whether a WAF web ACL protects dev's load balancer (about $9 a month idle, docs/cost.md). Off by default; prod always has it."
  type        = bool
  default     = false
}

variable "nat_gateway_enabled" {
  description = "One NAT gateway (about $36 a month idle): the extractor in the VPC and the dashboard tasks in private subnets, as in prod. On by default; off saves that, but the extractor then runs outside the VPC and the tasks get public IPs (docs/cost.md)."
  type        = bool
  default     = true
}

variable "fargate_spot" {
  description = "Run dev's dashboard task on Fargate Spot (about 70 % cheaper; it can be stopped with two minutes' notice and is replaced). On by default; prod always runs on regular Fargate."
  type        = bool
  default     = true
}
