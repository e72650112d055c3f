variable "name" {
  description = "Name of the load balancer, target group, security group and web ACL; carries the environment (e.g. \"spacex-launches-dev-dashboard\"). At most 32 characters (load balancer and target group limit)."
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


variable "allowed_cidr_blocks" {
  description = "IPv4 CIDRs allowed to reach the load balancer on 80 (and 443 with a certificate)."
  type        = list(string)

  validation {
    condition     = length(var.allowed_cidr_blocks) >= 1 && alltrue([for c in var.allowed_cidr_blocks : can(cidrhost(c, 0))])
    error_message = "allowed_cidr_blocks must list at least one valid IPv4 CIDR."
  }
}


variable "certificate_arn" {
  description = "ACM certificate ARN for the HTTPS listener: HTTPS on 443 and port 80 only redirects to it. null is refused unless allow_plain_http is true (then port 80 forwards plain HTTP)."
  type        = string
  default     = null

  validation {
    condition     = var.certificate_arn == null || can(regex("^arn:aws[a-zA-Z-]*:acm:", var.certificate_arn))
    error_message = "certificate_arn must be null or an ACM certificate ARN."
  }
}


variable "allow_plain_http" {
  description = "Whether the load balancer may run without a certificate, forwarding plain HTTP on port 80. Only for an environment without a domain (dev); prod never sets it."
  type        = bool
  default     = false
}


variable "ssl_policy" {
  description = "TLS policy of the HTTPS listener: TLS 1.3, or TLS 1.2 with ECDHE and AES-GCM suites only (no CBC suites)."
  type        = string
  default     = "ELBSecurityPolicy-TLS13-1-2-Res-2021-06"

  # The policies whose TLS 1.2 suites are all ECDHE with AES-GCM (AWS's table of ALB security
  # policies); the non-"Res" TLS 1.2 policies also offer AES-CBC suites.
  validation {
    condition     = contains(["ELBSecurityPolicy-TLS13-1-2-Res-2021-06", "ELBSecurityPolicy-TLS13-1-3-2021-06", "ELBSecurityPolicy-FS-1-2-Res-2020-10"], var.ssl_policy)
    error_message = "ssl_policy must be a policy without CBC suites: ELBSecurityPolicy-TLS13-1-2-Res-2021-06, ELBSecurityPolicy-TLS13-1-3-2021-06 or ELBSecurityPolicy-FS-1-2-Res-2020-10."
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


variable "waf_enabled" {
  description = "Whether a WAF web ACL (AWS managed rule groups and a per-IP rate limit) protects the load balancer. On in prod; dev may turn it off to save about $9 a month (docs/cost.md)."
  type        = bool
  default     = true
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


variable "log_retention_in_days" {
  description = "Retention of the WAF log group, in days (a value CloudWatch Logs accepts)."
  type        = number
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_in_days)
    error_message = "log_retention_in_days must be one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)."
  }
}


variable "kms_key_arn" {
  description = "ARN of the KMS key of the WAF log group."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-zA-Z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}


variable "tags" {
  description = "Tags merged into every resource of the module."
  type        = map(string)
  default     = {}
}
