variable "name" {
  description = "Name of the table; carries the environment (e.g. \"spacex-launches-dev\")."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_.-]{3,255}$", var.name))
    error_message = "name must be 3-255 characters of letters, digits, '_', '.' or '-' (DynamoDB table name rules)."
  }
}

variable "kms_key_arn" {
  description = "ARN of a customer managed KMS key for encryption at rest; null uses the AWS managed key for DynamoDB (aws/dynamodb). Encryption is on either way."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-zA-Z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be null or a KMS key ARN."
  }
}

variable "deletion_protection_enabled" {
  description = "Whether DynamoDB refuses to delete the table (turn off before destroying the environment)."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags merged into every resource of the module."
  type        = map(string)
  default     = {}
}
