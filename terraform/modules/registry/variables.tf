variable "name" {
  description = "Name of the repository; carries the environment (e.g. \"spacex-launches-dev-dashboard\")."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$", var.name)) && length(var.name) >= 2 && length(var.name) <= 256
    error_message = "name must be a valid ECR repository name (lowercase letters, digits, '.', '_', '-', '/')."
  }
}

variable "keep_image_count" {
  description = "How many images to keep; older ones are expired (keep enough to roll back)."
  type        = number
  default     = 20

  validation {
    condition     = var.keep_image_count >= 1 && var.keep_image_count <= 1000
    error_message = "keep_image_count must be between 1 and 1000."
  }
}

variable "kms_key_arn" {
  description = "ARN of the KMS key that encrypts the images. null uses the AWS managed key for ECR (aws/ecr); encryption is KMS either way."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-zA-Z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be null or a KMS key ARN."
  }
}

variable "force_delete" {
  description = "Whether `terraform destroy` may delete the repository while it still holds images."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags merged into every resource of the module."
  type        = map(string)
  default     = {}
}
