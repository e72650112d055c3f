variable "name" {
  description = "Name of the function and prefix of its resources; carries the environment (e.g. \"spacex-launches-dev-extractor\")."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,56}$", var.name))
    error_message = "name must be 1-56 letters, digits, '-' or '_' (the queue adds \"-dlq\" and the role name limit is 64)."
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

variable "package_path" {
  description = "Path of the deployment zip built by `make lambda` (target/lambda/extractor/bootstrap.zip)."
  type        = string

  validation {
    condition     = endswith(var.package_path, ".zip")
    error_message = "package_path must point to a .zip file."
  }
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
  description = "ARN of the launches table; the only resource the function may write."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-zA-Z-]*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[a-zA-Z0-9_.-]+$", var.table_arn))
    error_message = "table_arn must be the ARN of a DynamoDB table (not an index)."
  }
}

variable "kms_key_arn" {
  description = "ARN of the KMS key for the environment variables, the dead-letter queue and the log group; the role may also use it for the table."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-zA-Z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "vpc_id" {
  description = "Id of the VPC the function runs in; null runs it outside any VPC (with subnet_ids empty)."
  type        = string
  default     = null

  validation {
    condition     = var.vpc_id == null || startswith(coalesce(var.vpc_id, "vpc-"), "vpc-")
    error_message = "vpc_id must be null or a VPC id (vpc-...)."
  }
}

variable "subnet_ids" {
  description = "Private subnets of the function (they need a NAT route to reach the SpaceX API); empty runs it outside the VPC, where it needs no NAT gateway."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for s in var.subnet_ids : startswith(s, "subnet-")])
    error_message = "subnet_ids must list subnet ids (subnet-...)."
  }
}

variable "memory_size" {
  description = "Memory of the function in MB (CPU scales with it)."
  type        = number
  default     = 256

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240
    error_message = "memory_size must be between 128 and 10240 MB."
  }
}

variable "timeout" {
  description = "Timeout of one run in seconds. Runs through the HTTP API are cut at 30 s by API Gateway whatever this says."
  type        = number
  default     = 120

  validation {
    condition     = var.timeout >= 1 && var.timeout <= 900
    error_message = "timeout must be between 1 and 900 seconds."
  }
}

variable "spacex_api_url" {
  description = "Base URL of the SpaceX API (SPACEX_API_URL)."
  type        = string
  default     = "https://api.spacexdata.com"

  validation {
    condition     = can(regex("^https://[^/]+", var.spacex_api_url))
    error_message = "spacex_api_url must be an https:// URL."
  }
}

variable "ll2_api_url" {
  description = "Base URL of Launch Library 2 (LL2_API_URL)."
  type        = string
  default     = "https://ll.thespacedevs.com"

  validation {
    condition     = can(regex("^https://[^/]+", var.ll2_api_url))
    error_message = "ll2_api_url must be an https:// URL."
  }
}

variable "ll2_request_budget" {
  description = "Requests one run may send to Launch Library 2 (LL2_REQUEST_BUDGET). Anonymous use allows 15 an hour per IP, and runs are 6 hours apart."
  type        = number
  default     = 10

  validation {
    condition     = var.ll2_request_budget >= 1 && var.ll2_request_budget <= 15 && floor(var.ll2_request_budget) == var.ll2_request_budget
    error_message = "ll2_request_budget must be a whole number from 1 to 15 (LL2's anonymous hourly limit)."
  }
}

variable "log_level" {
  description = "Log level of the function (its logging_config application_log_level, AWS_LAMBDA_LOG_LEVEL)."
  type        = string
  default     = "info"

  validation {
    condition     = contains(["error", "warn", "info", "debug", "trace"], var.log_level)
    error_message = "log_level must be one of error, warn, info, debug, trace."
  }
}

variable "log_retention_in_days" {
  description = "Retention of the function's log group, in days (a value CloudWatch Logs accepts)."
  type        = number
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_in_days)
    error_message = "log_retention_in_days must be one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)."
  }
}

variable "maximum_retry_attempts" {
  description = "Retries of a failed asynchronous (scheduled) invocation before it goes to the dead-letter queue."
  type        = number
  default     = 2

  validation {
    condition     = var.maximum_retry_attempts >= 0 && var.maximum_retry_attempts <= 2
    error_message = "maximum_retry_attempts must be between 0 and 2."
  }
}

variable "maximum_event_age_in_seconds" {
  description = "Age after which an unprocessed asynchronous event goes to the dead-letter queue."
  type        = number
  default     = 3600

  validation {
    condition     = var.maximum_event_age_in_seconds >= 60 && var.maximum_event_age_in_seconds <= 21600
    error_message = "maximum_event_age_in_seconds must be between 60 and 21600."
  }
}

variable "tags" {
  description = "Tags merged into every resource of the module."
  type        = map(string)
  default     = {}
}
