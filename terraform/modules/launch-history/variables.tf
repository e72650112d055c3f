variable "launches_table_name" {
  description = "Name of the launches table; the history table is named after it, with \"-history\" (the code derives the name the same way)."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_.-]{3,247}$", var.launches_table_name))
    error_message = "launches_table_name must be 3-247 characters of letters, digits, '_', '.' or '-' (room for \"-history\" in DynamoDB's 255)."
  }
}

variable "kms_key_arn" {
  description = "ARN of a customer managed KMS key for encryption at rest (the project key, as for the launches table); null uses the AWS managed key. Encryption is on either way."
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

variable "writer_role_arn" {
  description = "ARN of the role that writes history (the extractor's): granted BatchWriteItem on the table only."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-zA-Z-]*:iam::[0-9]{12}:role/", var.writer_role_arn))
    error_message = "writer_role_arn must be an IAM role ARN."
  }
}

variable "reader_role_arn" {
  description = "ARN of the role that reads history (the dashboard task's): granted Query on the table and its index only."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-zA-Z-]*:iam::[0-9]{12}:role/", var.reader_role_arn))
    error_message = "reader_role_arn must be an IAM role ARN."
  }
}

variable "tags" {
  description = "Tags merged into every resource of the module."
  type        = map(string)
  default     = {}
}
