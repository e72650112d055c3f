# dev: the cheap environment. By default one NAT gateway (tasks stay in private subnets: a task
# with a public IP was a fault of the older design), the one dashboard task on Fargate Spot, no
# WAF, no deletion protection (it can be destroyed and rebuilt), short log retention.
# docs/cost.md has the figures and what each choice gives up; each is a variable
# (nat_gateway_enabled, fargate_spot, waf_enabled).

locals {
  environment = "dev"
  name        = "spacex-launches-${local.environment}"

  package_path = "${path.root}/../../../target/lambda/extractor/bootstrap.zip"
  # Deployed by digest: the tag `make push` pushed (the git commit) is resolved once, at plan time,
  # and the saved plan that `make deploy` applies pins the image it named.
  dashboard_image = "${module.registry.repository_url}@${data.aws_ecr_image.dashboard.image_digest}"
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  iam_prefix = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}"
  # terraform/bootstrap creates both; the deploy role may create roles only with this boundary.
  deploy_role_arn          = "${local.iam_prefix}:role/${var.deploy_role_name}"
  permissions_boundary_arn = "${local.iam_prefix}:policy/${var.permissions_boundary_name}"
}

data "aws_ecr_image" "dashboard" {
  repository_name = module.registry.repository_name
  image_tag       = var.dashboard_image_tag
}

module "encryption" {
  source = "../../modules/encryption"

  name              = local.name
  alarm_name_prefix = "${local.name}-"
  # The deploy role that terraform/bootstrap creates administers the key, with any break-glass
  # roles given; neither can decrypt with it.
  administrator_arns = concat(
    [local.deploy_role_arn],
    var.key_administrator_arns,
  )
  deletion_window_in_days = 7
  tags                    = var.tags
}

module "network" {
  source = "../../modules/network"

  name                       = local.name
  cidr_block                 = var.vpc_cidr_block
  availability_zones         = var.availability_zones
  nat_gateway_mode           = var.nat_gateway_enabled ? "single" : "none"
  flow_log_traffic_type      = "REJECT"
  flow_log_retention_in_days = 7
  kms_key_arn                = module.encryption.key_arn
  permissions_boundary_arn   = local.permissions_boundary_arn
  tags                       = var.tags
}

module "launches_table" {
  source = "../../modules/launches-table"

  name                        = local.name
  kms_key_arn                 = module.encryption.key_arn
  deletion_protection_enabled = false
  tags                        = var.tags
}

module "extractor" {
  source = "../../modules/extractor"

  name                     = "${local.name}-extractor"
  package_path             = local.package_path
  table_name               = module.launches_table.table_name
  table_arn                = module.launches_table.table_arn
  kms_key_arn              = module.encryption.key_arn
  vpc_id                   = var.nat_gateway_enabled ? module.network.vpc_id : null
  subnet_ids               = var.nat_gateway_enabled ? module.network.private_subnet_ids : []
  memory_size              = 256
  timeout                  = 120
  spacex_api_url           = var.spacex_api_url
  log_level                = var.extractor_log_level
  log_retention_in_days    = 14
  permissions_boundary_arn = local.permissions_boundary_arn
  tags                     = var.tags
}

module "schedule" {
  source = "../../modules/schedule"

  name                 = "${local.name}-sync"
  schedule_expression  = var.sync_schedule_expression
  enabled              = var.sync_schedule_enabled
  lambda_function_arn  = module.extractor.function_arn
  lambda_function_name = module.extractor.function_name
  tags                 = var.tags
}

module "invoke_api" {
  source = "../../modules/invoke-api"

  name                   = "${local.name}-invoke"
  lambda_function_name   = module.extractor.function_name
  lambda_invoke_arn      = module.extractor.invoke_arn
  throttling_burst_limit = 5
  throttling_rate_limit  = 1
  log_retention_in_days  = 14
  kms_key_arn            = module.encryption.key_arn
  tags                   = var.tags
}

module "registry" {
  source = "../../modules/registry"

  name             = "${local.name}-dashboard"
  keep_image_count = 10
  kms_key_arn      = module.encryption.key_arn
  force_delete     = true
  tags             = var.tags
}

module "load_balancer" {
  source = "../../modules/load-balancer"

  name              = "${local.name}-dashboard"
  vpc_id            = module.network.vpc_id
  public_subnet_ids = module.network.public_subnet_ids
  kms_key_arn       = module.encryption.key_arn

  allowed_cidr_blocks = var.allowed_cidr_blocks
  certificate_arn     = var.certificate_arn
  # dev may run without a domain: then port 80 forwards plain HTTP (public data, no login). prod
  # never sets this and requires a certificate.
  allow_plain_http        = true
  domain_name             = var.domain_name
  alb_deletion_protection = false
  access_logs_bucket      = var.alb_access_logs_bucket
  access_logs_prefix      = "${local.name}-dashboard"
  waf_enabled             = var.waf_enabled
  log_retention_in_days   = 14

  tags = var.tags
}

module "dashboard_service" {
  source = "../../modules/dashboard-service"

  name                  = "${local.name}-dashboard"
  vpc_id                = module.network.vpc_id
  subnet_ids            = var.nat_gateway_enabled ? module.network.private_subnet_ids : module.network.public_subnet_ids
  assign_public_ip      = !var.nat_gateway_enabled
  fargate_spot          = var.fargate_spot
  target_group_arn      = module.load_balancer.target_group_arn
  alb_security_group_id = module.load_balancer.security_group_id
  image                 = local.dashboard_image
  ecr_repository_arn    = module.registry.repository_arn
  table_name            = module.launches_table.table_name
  table_arn             = module.launches_table.table_arn
  kms_key_arn           = module.encryption.key_arn

  cpu           = 256
  memory        = 512
  desired_count = 1
  min_capacity  = 1
  max_capacity  = 2

  log_level             = var.dashboard_log_level
  log_retention_in_days = 14

  permissions_boundary_arn = local.permissions_boundary_arn
  tags                     = var.tags
}

module "monitoring" {
  source = "../../modules/monitoring"

  name                    = local.name
  kms_key_arn             = module.encryption.key_arn
  alarm_emails            = var.alarm_emails
  lambda_function_name    = module.extractor.function_name
  dlq_name                = module.extractor.dlq_name
  alb_arn_suffix          = module.load_balancer.alb_arn_suffix
  target_group_arn_suffix = module.load_balancer.target_group_arn_suffix
  tags                    = var.tags
}

# Every change the extractor sees, kept append-only beside the launches (docs/history.md).
module "launch_history" {
  source = "../../modules/launch-history"

  launches_table_name         = module.launches_table.table_name
  kms_key_arn                 = module.encryption.key_arn
  deletion_protection_enabled = false
  writer_role_arn             = module.extractor.role_arn
  reader_role_arn             = module.dashboard_service.task_role_arn
  tags                        = var.tags
}
