variable "name" {
  description = "Name prefix of the topic and alarms; carries the environment (e.g. \"spacex-launches-dev\")."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,200}$", var.name))
    error_message = "name must be 1-200 letters, digits, '_' or '-'."
  }
}

variable "kms_key_arn" {
  description = "ARN of the KMS key that encrypts the topic (its key policy must allow cloudwatch.amazonaws.com to use it)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-zA-Z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "alarm_emails" {
  description = "Email addresses subscribed to the alarm topic (each must confirm the subscription)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for e in var.alarm_emails : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", e))])
    error_message = "alarm_emails must contain email addresses only."
  }
}

variable "lambda_function_name" {
  description = "Name of the extractor function."
  type        = string

  validation {
    condition     = length(var.lambda_function_name) >= 1 && length(var.lambda_function_name) <= 64
    error_message = "lambda_function_name must be 1-64 characters."
  }
}

variable "dlq_name" {
  description = "Name of the extractor's dead-letter queue."
  type        = string

  validation {
    condition     = length(var.dlq_name) >= 1 && length(var.dlq_name) <= 80
    error_message = "dlq_name must be 1-80 characters."
  }
}

variable "alb_arn_suffix" {
  description = "ARN suffix of the dashboard load balancer (app/<name>/<id>)."
  type        = string

  validation {
    condition     = startswith(var.alb_arn_suffix, "app/")
    error_message = "alb_arn_suffix must be an application load balancer ARN suffix (app/<name>/<id>)."
  }
}

variable "target_group_arn_suffix" {
  description = "ARN suffix of the dashboard target group (targetgroup/<name>/<id>)."
  type        = string

  validation {
    condition     = startswith(var.target_group_arn_suffix, "targetgroup/")
    error_message = "target_group_arn_suffix must be a target group ARN suffix (targetgroup/<name>/<id>)."
  }
}

variable "period" {
  description = "Period of the alarms' metrics, in seconds."
  type        = number
  default     = 300

  validation {
    condition     = var.period >= 60 && var.period % 60 == 0
    error_message = "period must be a multiple of 60 seconds."
  }
}

variable "evaluation_periods" {
  description = "Consecutive breaching periods before the load balancer alarms fire."
  type        = number
  default     = 1

  validation {
    condition     = var.evaluation_periods >= 1 && var.evaluation_periods <= 10
    error_message = "evaluation_periods must be between 1 and 10."
  }
}

variable "http_5xx_threshold" {
  description = "5xx responses per period above which the load balancer and target 5xx alarms fire."
  type        = number
  default     = 5

  validation {
    condition     = var.http_5xx_threshold >= 0
    error_message = "http_5xx_threshold must not be negative."
  }
}

variable "tags" {
  description = "Tags merged into every resource of the module."
  type        = map(string)
  default     = {}
}
