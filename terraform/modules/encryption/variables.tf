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

variable "tags" {
  description = "Tags merged into every resource of the module."
  type        = map(string)
  default     = {}
}
