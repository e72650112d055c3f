variable "name" {
  description = "Name of the cluster, service, load balancer and target group; carries the environment (e.g. \"spacex-launches-dev-dashboard\"). At most 32 characters (load balancer and target group limit)."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9]([a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?$", var.name))
    error_message = "name must be 1-32 letters, digits or '-', not starting or ending with '-'."
  }
}

variable "vpc_id" {
  description = "Id of the VPC."
  type        = string

  validation {
    condition     = startswith(var.vpc_id, "vpc-")
    error_message = "vpc_id must be a VPC id (vpc-...)."
  }
}

variable "public_subnet_ids" {
  description = "Public subnets of the load balancer, in at least two availability zones."
  type        = list(string)

  validation {
    condition     = length(var.public_subnet_ids) >= 2 && alltrue([for s in var.public_subnet_ids : startswith(s, "subnet-")])
    error_message = "public_subnet_ids must list at least two subnet ids (an ALB needs two AZs)."
  }
}

variable "private_subnet_ids" {
  description = "Private subnets of the tasks (no public IP); tasks spread over their availability zones."
  type        = list(string)

  validation {
    condition     = length(var.private_subnet_ids) >= 1 && alltrue([for s in var.private_subnet_ids : startswith(s, "subnet-")])
    error_message = "private_subnet_ids must list at least one subnet id."
  }
}

variable "image" {
  description = "Image URI of the dashboard container, <repository_url>:<tag>."
  type        = string

  validation {
    condition     = can(regex("^[^:@]+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$", var.image)) && !endswith(var.image, ":latest")
    error_message = "image must be <repository>:<tag> or <repository>@sha256:<digest>, with an explicit tag other than latest."
  }
}

variable "ecr_repository_arn" {
  description = "ARN of the ECR repository the image is pulled from (the execution role may pull from it only)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-zA-Z-]*:ecr:[a-z0-9-]+:[0-9]{12}:repository/.+$", var.ecr_repository_arn))
    error_message = "ecr_repository_arn must be an ECR repository ARN."
  }
}

variable "container_user" {
  description = "Numeric uid:gid the container runs as (the image is FROM scratch and has no /etc/passwd; never 0)."
  type        = string
  default     = "10001:10001"

  validation {
    condition     = can(regex("^[1-9][0-9]*(:[1-9][0-9]*)?$", var.container_user))
    error_message = "container_user must be a non-zero numeric uid or uid:gid (not root)."
  }
}

variable "cpu" {
  description = "CPU units of a task (256 = 0.25 vCPU)."
  type        = number
  default     = 256

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096], var.cpu)
    error_message = "cpu must be one of the Fargate sizes 256, 512, 1024, 2048, 4096."
  }
}

variable "memory" {
  description = "Memory of a task in MiB (must be a valid Fargate combination with cpu)."
  type        = number
  default     = 512

  validation {
    condition     = var.memory >= 512 && var.memory <= 30720
    error_message = "memory must be between 512 and 30720 MiB."
  }
}

variable "desired_count" {
  description = "Tasks started when the service is created; autoscaling owns the count afterwards."
  type        = number
  default     = 1

  validation {
    condition     = var.desired_count >= 1 && var.desired_count <= 100
    error_message = "desired_count must be between 1 and 100."
  }
}

variable "min_capacity" {
  description = "Fewest tasks autoscaling keeps running."
  type        = number
  default     = 1

  validation {
    condition     = var.min_capacity >= 1
    error_message = "min_capacity must be at least 1."
  }
}

variable "max_capacity" {
  description = "Most tasks autoscaling may run."
  type        = number
  default     = 2

  validation {
    condition     = var.max_capacity >= 1 && var.max_capacity <= 100
    error_message = "max_capacity must be between 1 and 100."
  }
}

variable "cpu_target_value" {
  description = "Average CPU utilisation (percent) the target tracking policy keeps the service at."
  type        = number
  default     = 60

  validation {
    condition     = var.cpu_target_value >= 10 && var.cpu_target_value <= 90
    error_message = "cpu_target_value must be between 10 and 90."
  }
}

variable "scale_in_cooldown" {
  description = "Seconds after a scale-in before another scale-in."
  type        = number
  default     = 300

  validation {
    condition     = var.scale_in_cooldown >= 0
    error_message = "scale_in_cooldown must not be negative."
  }
}

variable "scale_out_cooldown" {
  description = "Seconds after a scale-out before another scale-out."
  type        = number
  default     = 60

  validation {
    condition     = var.scale_out_cooldown >= 0
    error_message = "scale_out_cooldown must not be negative."
  }
}

variable "health_check_grace_period_seconds" {
  description = "Seconds ECS ignores load balancer health checks after a task starts."
  type        = number
  default     = 30

  validation {
    condition     = var.health_check_grace_period_seconds >= 0 && var.health_check_grace_period_seconds <= 2147483647
    error_message = "health_check_grace_period_seconds must not be negative."
  }
}

variable "wait_for_steady_state" {
  description = "Whether `terraform apply` waits until the new deployment is healthy (or rolled back)."
  type        = bool
  default     = true
}

variable "table_name" {
  description = "Name of the launches table (LAUNCHES_TABLE)."
  type        = string

  validation {
    condition     = length(var.table_name) >= 3
    error_message = "table_name must be a DynamoDB table name."
  }
}

variable "table_arn" {
  description = "ARN of the launches table; the tasks may GetItem and Query it and its indexes, nothing else."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-zA-Z-]*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[a-zA-Z0-9_.-]+$", var.table_arn))
    error_message = "table_arn must be the ARN of a DynamoDB table (not an index)."
  }
}

variable "kms_key_arn" {
  description = "ARN of the KMS key of the log groups and of the table (the task may decrypt through DynamoDB only)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-zA-Z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "log_level" {
  description = "Log level of the dashboard (RUST_LOG)."
  type        = string
  default     = "info"

  validation {
    condition     = contains(["error", "warn", "info", "debug", "trace"], var.log_level)
    error_message = "log_level must be one of error, warn, info, debug, trace."
  }
}

variable "log_retention_in_days" {
  description = "Retention of the container and WAF log groups, in days (a value CloudWatch Logs accepts)."
  type        = number
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_in_days)
    error_message = "log_retention_in_days must be one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)."
  }
}

variable "allowed_cidr_blocks" {
  description = "IPv4 CIDRs allowed to reach the load balancer on 80 (and 443 with a certificate)."
  type        = list(string)

  validation {
    condition     = length(var.allowed_cidr_blocks) >= 1 && alltrue([for c in var.allowed_cidr_blocks : can(cidrhost(c, 0))])
    error_message = "allowed_cidr_blocks must list at least one valid IPv4 CIDR."
  }
}

variable "certificate_arn" {
  description = "ACM certificate ARN for the HTTPS listener. null: HTTP only (port 80 forwards); set: HTTPS on 443 and 80 redirects to it."
  type        = string
  default     = null

  validation {
    condition     = var.certificate_arn == null || can(regex("^arn:aws[a-zA-Z-]*:acm:", var.certificate_arn))
    error_message = "certificate_arn must be null or an ACM certificate ARN."
  }
}

variable "ssl_policy" {
  description = "TLS policy of the HTTPS listener (TLS 1.2 or newer)."
  type        = string
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"

  validation {
    condition     = contains(["ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-TLS13-1-2-Res-2021-06", "ELBSecurityPolicy-TLS13-1-3-2021-06", "ELBSecurityPolicy-TLS-1-2-2017-01", "ELBSecurityPolicy-TLS-1-2-Ext-2018-06", "ELBSecurityPolicy-FS-1-2-Res-2020-10"], var.ssl_policy)
    error_message = "ssl_policy must be a policy that allows TLS 1.2 or newer only."
  }
}

variable "domain_name" {
  description = "DNS name the certificate is for (used in dashboard_url); null uses the load balancer's DNS name. The DNS record itself is managed outside this module."
  type        = string
  default     = null
}

variable "alb_deletion_protection" {
  description = "Whether the load balancer refuses to be deleted."
  type        = bool
  default     = true
}

variable "access_logs_bucket" {
  description = "S3 bucket for the load balancer's access logs (must allow ELB log delivery); null turns access logs off."
  type        = string
  default     = null

  validation {
    condition     = var.access_logs_bucket == null || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.access_logs_bucket))
    error_message = "access_logs_bucket must be null or an S3 bucket name."
  }
}

variable "access_logs_prefix" {
  description = "Key prefix of the access logs in the bucket."
  type        = string
  default     = null
}

variable "waf_rate_limit" {
  description = "Requests per client IP in any 5 minutes above which WAF blocks that IP."
  type        = number
  default     = 2000

  validation {
    condition     = var.waf_rate_limit >= 100 && var.waf_rate_limit <= 2000000000
    error_message = "waf_rate_limit must be between 100 and 2000000000."
  }
}

variable "tags" {
  description = "Tags merged into every resource of the module."
  type        = map(string)
  default     = {}
}
