variable "name" {
  description = "Name of the cluster and service; carries the environment (e.g. \"spacex-launches-dev-dashboard\"). At most 32 characters."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9]([a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?$", var.name))
    error_message = "name must be 1-32 letters, digits or '-', not starting or ending with '-'."
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

variable "vpc_id" {
  description = "Id of the VPC."
  type        = string

  validation {
    condition     = startswith(var.vpc_id, "vpc-")
    error_message = "vpc_id must be a VPC id (vpc-...)."
  }
}


variable "subnet_ids" {
  description = "Subnets of the tasks; tasks spread over their availability zones. Private subnets with a NAT route (prod); public ones with assign_public_ip where there is no NAT gateway (dev)."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 1 && alltrue([for s in var.subnet_ids : startswith(s, "subnet-")])
    error_message = "subnet_ids must list at least one subnet id."
  }
}

variable "assign_public_ip" {
  description = "Give each task a public IP, so that tasks in subnets without a NAT gateway reach ECR and CloudWatch Logs. The tasks' security group still admits the load balancer only. Off in prod."
  type        = bool
  default     = false
}

variable "fargate_spot" {
  description = "Run the tasks on Fargate Spot (about 70 % cheaper; a task can be stopped with two minutes' notice and is replaced). Off in prod."
  type        = bool
  default     = false
}

variable "target_group_arn" {
  description = "ARN of the load balancer's target group the service registers its tasks in (load-balancer module, attached to its listeners)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-zA-Z-]*:elasticloadbalancing:", var.target_group_arn))
    error_message = "target_group_arn must be an ELB target group ARN."
  }
}

variable "alb_security_group_id" {
  description = "Security group of the load balancer: the only source the tasks accept on their port, and the group this module lets send to them."
  type        = string

  validation {
    condition     = startswith(var.alb_security_group_id, "sg-")
    error_message = "alb_security_group_id must be a security group id (sg-...)."
  }
}

variable "image" {
  description = "Image URI of the dashboard container by digest, <repository_url>@sha256:<digest>: a tag can be moved, a digest always names the same image."
  type        = string

  validation {
    condition     = can(regex("^[^:@]+@sha256:[a-f0-9]{64}$", var.image))
    error_message = "image must be <repository>@sha256:<digest> (deployed by digest, not by tag)."
  }
}


variable "ecr_repository_arn" {
  description = "ARN of the ECR repository the image is pulled from (the execution role may pull from it only)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-zA-Z-]*:ecr:[a-z0-9-]+:[0-9]{12}:repository/.+$", var.ecr_repository_arn))
    error_message = "ecr_repository_arn must be an ECR repository ARN."
  }
}


variable "container_user" {
  description = "Numeric uid:gid the container runs as (the image is FROM scratch and has no /etc/passwd; never 0)."
  type        = string
  default     = "10001:10001"

  validation {
    condition     = can(regex("^[1-9][0-9]*(:[1-9][0-9]*)?$", var.container_user))
    error_message = "container_user must be a non-zero numeric uid or uid:gid (not root)."
  }
}


variable "cpu" {
  description = "CPU units of a task (256 = 0.25 vCPU)."
  type        = number
  default     = 256

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096], var.cpu)
    error_message = "cpu must be one of the Fargate sizes 256, 512, 1024, 2048, 4096."
  }
}


variable "memory" {
  description = "Memory of a task in MiB (must be a valid Fargate combination with cpu)."
  type        = number
  default     = 512

  validation {
    condition     = var.memory >= 512 && var.memory <= 30720
    error_message = "memory must be between 512 and 30720 MiB."
  }
}


variable "desired_count" {
  description = "Tasks started when the service is created; autoscaling owns the count afterwards."
  type        = number
  default     = 1

  validation {
    condition     = var.desired_count >= 1 && var.desired_count <= 100
    error_message = "desired_count must be between 1 and 100."
  }
}


variable "min_capacity" {
  description = "Fewest tasks autoscaling keeps running."
  type        = number
  default     = 1

  validation {
    condition     = var.min_capacity >= 1
    error_message = "min_capacity must be at least 1."
  }
}


variable "max_capacity" {
  description = "Most tasks autoscaling may run."
  type        = number
  default     = 2

  validation {
    condition     = var.max_capacity >= 1 && var.max_capacity <= 100
    error_message = "max_capacity must be between 1 and 100."
  }
}


variable "cpu_target_value" {
  description = "Average CPU utilisation (percent) the target tracking policy keeps the service at."
  type        = number
  default     = 60

  validation {
    condition     = var.cpu_target_value >= 10 && var.cpu_target_value <= 90
    error_message = "cpu_target_value must be between 10 and 90."
  }
}


variable "scale_in_cooldown" {
  description = "Seconds after a scale-in before another scale-in."
  type        = number
  default     = 300

  validation {
    condition     = var.scale_in_cooldown >= 0
    error_message = "scale_in_cooldown must not be negative."
  }
}


variable "scale_out_cooldown" {
  description = "Seconds after a scale-out before another scale-out."
  type        = number
  default     = 60

  validation {
    condition     = var.scale_out_cooldown >= 0
    error_message = "scale_out_cooldown must not be negative."
  }
}


variable "health_check_grace_period_seconds" {
  description = "Seconds ECS ignores load balancer health checks after a task starts."
  type        = number
  default     = 30

  validation {
    condition     = var.health_check_grace_period_seconds >= 0 && var.health_check_grace_period_seconds <= 2147483647
    error_message = "health_check_grace_period_seconds must not be negative."
  }
}


variable "wait_for_steady_state" {
  description = "Whether `terraform apply` waits until the new deployment is healthy (or rolled back)."
  type        = bool
  default     = true
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
  description = "ARN of the launches table; the tasks may GetItem and Query it and its indexes, nothing else."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-zA-Z-]*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[a-zA-Z0-9_.-]+$", var.table_arn))
    error_message = "table_arn must be the ARN of a DynamoDB table (not an index)."
  }
}


variable "kms_key_arn" {
  description = "ARN of the KMS key of the log groups and of the table (the task may decrypt through DynamoDB only)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-zA-Z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}


variable "log_level" {
  description = "Log level of the dashboard (RUST_LOG)."
  type        = string
  default     = "info"

  validation {
    condition     = contains(["error", "warn", "info", "debug", "trace"], var.log_level)
    error_message = "log_level must be one of error, warn, info, debug, trace."
  }
}


variable "log_retention_in_days" {
  description = "Retention of the container log group, in days (a value CloudWatch Logs accepts)."
  type        = number
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_in_days)
    error_message = "log_retention_in_days must be one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)."
  }
}


variable "tags" {
  description = "Tags merged into every resource of the module."
  type        = map(string)
  default     = {}
}
