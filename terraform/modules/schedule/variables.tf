variable "name" {
  description = "Name of the rule; carries the environment (e.g. \"spacex-launches-dev-sync\")."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9._-]{1,64}$", var.name))
    error_message = "name must be 1-64 letters, digits, '.', '_' or '-'."
  }
}

variable "schedule_expression" {
  description = "When the extractor runs, in UTC. The default is 01:00, 07:00, 13:00 and 19:00 every day."
  type        = string
  default     = "cron(0 1,7,13,19 * * ? *)"

  validation {
    condition     = can(regex("^(cron|rate)\\(.+\\)$", var.schedule_expression))
    error_message = "schedule_expression must be a cron(...) or rate(...) expression."
  }
}

variable "enabled" {
  description = "Whether the schedule is enabled."
  type        = bool
  default     = true
}

variable "lambda_function_arn" {
  description = "ARN of the extractor function to invoke."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-zA-Z-]*:lambda:", var.lambda_function_arn))
    error_message = "lambda_function_arn must be a Lambda function ARN."
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

variable "tags" {
  description = "Tags merged into every resource of the module."
  type        = map(string)
  default     = {}
}
