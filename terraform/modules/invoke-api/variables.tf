variable "name" {
  description = "Name of the HTTP API and prefix of its resources; carries the environment (e.g. \"spacex-launches-dev-invoke\")."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9._-]{1,50}$", var.name))
    error_message = "name must be 1-50 letters, digits, '.', '_' or '-'."
  }
}

variable "lambda_function_name" {
  description = "Name of the extractor function (for the invoke permission)."
  type        = string

  validation {
    condition     = length(var.lambda_function_name) >= 1 && length(var.lambda_function_name) <= 64
    error_message = "lambda_function_name must be 1-64 characters."
  }
}

variable "lambda_invoke_arn" {
  description = "Invoke ARN of the extractor function (aws_lambda_function.invoke_arn)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-zA-Z-]*:apigateway:[a-z0-9-]+:lambda:path/", var.lambda_invoke_arn))
    error_message = "lambda_invoke_arn must be a Lambda invoke ARN (arn:aws:apigateway:<region>:lambda:path/...)."
  }
}

variable "integration_timeout_milliseconds" {
  description = "How long API Gateway waits for the function, in ms (HTTP APIs allow at most 30000)."
  type        = number
  default     = 30000

  validation {
    condition     = var.integration_timeout_milliseconds >= 50 && var.integration_timeout_milliseconds <= 30000
    error_message = "integration_timeout_milliseconds must be between 50 and 30000."
  }
}

variable "throttling_burst_limit" {
  description = "Burst limit of requests on every route of the $default stage."
  type        = number
  default     = 5

  validation {
    condition     = var.throttling_burst_limit >= 0 && var.throttling_burst_limit <= 5000
    error_message = "throttling_burst_limit must be between 0 and 5000."
  }
}

variable "throttling_rate_limit" {
  description = "Steady-state requests per second on every route of the $default stage."
  type        = number
  default     = 1

  validation {
    condition     = var.throttling_rate_limit >= 0 && var.throttling_rate_limit <= 10000
    error_message = "throttling_rate_limit must be between 0 and 10000."
  }
}

variable "log_retention_in_days" {
  description = "Retention of the access log group, in days (a value CloudWatch Logs accepts)."
  type        = number
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_in_days)
    error_message = "log_retention_in_days must be one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)."
  }
}

variable "kms_key_arn" {
  description = "ARN of the KMS key that encrypts the access log group (its key policy must allow CloudWatch Logs)."
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
