variable "name" {
  description = "Name prefix that carries the environment (e.g. \"spacex-launches-dev\")."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,38}$", var.name))
    error_message = "name must be 1-39 lowercase letters, digits or '-' and start with a letter or digit."
  }
}

variable "permissions_boundary_arn" {
  description = "ARN of the permissions boundary every IAM role of this module is created with (terraform/bootstrap defines it; the deploy role may create roles only with it)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-zA-Z-]*:iam::[0-9]{12}:policy/", var.permissions_boundary_arn))
    error_message = "permissions_boundary_arn must be an IAM policy ARN."
  }
}

variable "cidr_block" {
  description = "IPv4 CIDR of the VPC, /16 to /24. Each of the 2 public and 2 private subnets gets 1/16 of it."
  type        = string
  default     = "10.0.0.0/16"

  validation {
    condition     = can(cidrhost(var.cidr_block, 0)) && tonumber(split("/", var.cidr_block)[1]) >= 16 && tonumber(split("/", var.cidr_block)[1]) <= 24
    error_message = "cidr_block must be a valid IPv4 CIDR with a prefix length between /16 and /24."
  }
}

variable "availability_zones" {
  description = "The two availability zones of the subnets, by name (e.g. [\"us-east-1a\", \"us-east-1b\"])."
  type        = list(string)

  validation {
    condition     = length(var.availability_zones) == 2 && length(distinct(var.availability_zones)) == 2 && alltrue([for az in var.availability_zones : can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9][a-z]$", az))])
    error_message = "availability_zones must list exactly two distinct zone names such as us-east-1a."
  }
}

variable "nat_gateway_mode" {
  description = "\"single\": one NAT gateway shared by both AZs; \"per_az\": one per AZ (highly available); \"none\": no internet egress from the private subnets (the extractor and image pulls then cannot reach the internet)."
  type        = string
  default     = "single"

  validation {
    condition     = contains(["single", "per_az", "none"], var.nat_gateway_mode)
    error_message = "nat_gateway_mode must be one of \"single\", \"per_az\" or \"none\"."
  }
}

variable "flow_log_traffic_type" {
  description = "Traffic recorded by the VPC flow logs: ACCEPT, REJECT or ALL."
  type        = string
  default     = "ALL"

  validation {
    condition     = contains(["ACCEPT", "REJECT", "ALL"], var.flow_log_traffic_type)
    error_message = "flow_log_traffic_type must be ACCEPT, REJECT or ALL."
  }
}

variable "flow_log_retention_in_days" {
  description = "Retention of the flow log group, in days (a value CloudWatch Logs accepts)."
  type        = number
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.flow_log_retention_in_days)
    error_message = "flow_log_retention_in_days must be one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)."
  }
}

variable "kms_key_arn" {
  description = "ARN of the KMS key that encrypts the flow log group (its key policy must allow CloudWatch Logs)."
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
