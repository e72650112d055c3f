variable "name" {
  description = "Name prefix that carries the environment (e.g. \"spacex-launches-dev\"); the key alias is alias/<name>."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9/_-]{1,200}$", var.name))
    error_message = "name must be 1-200 characters of letters, digits, '/', '_' or '-'."
  }
}

variable "deletion_window_in_days" {
  description = "Days KMS waits before deleting the key after it is scheduled for deletion."
  type        = number
  default     = 30

  validation {
    condition     = var.deletion_window_in_days >= 7 && var.deletion_window_in_days <= 30
    error_message = "deletion_window_in_days must be between 7 and 30."
  }
}

variable "administrator_arns" {
  description = "IAM roles that administer the key (the environment's deploy role, a break-glass admin role): key management only, no encrypt or decrypt. Lose them all and nobody can change the key policy."
  type        = list(string)

  validation {
    condition     = length(var.administrator_arns) >= 1 && alltrue([for a in var.administrator_arns : can(regex("^arn:aws[a-zA-Z-]*:iam::[0-9]{12}:role/", a))])
    error_message = "administrator_arns must list at least one IAM role ARN."
  }
}

variable "alarm_name_prefix" {
  description = "Name prefix of the CloudWatch alarms that may publish to the encrypted alarm topic (aws:SourceArn condition of the key policy)."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,200}$", var.alarm_name_prefix))
    error_message = "alarm_name_prefix must be 1-200 letters, digits, '_' or '-'."
  }
}

variable "tags" {
  description = "Tags merged into every resource of the module."
  type        = map(string)
  default     = {}
}
