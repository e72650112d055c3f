# The dashboard's front door: the application load balancer (public subnets), its target group
# and listeners, its security group, and the WAF in front of it. The tasks' side (their security
# group, the rule that lets this load balancer reach them) is in the dashboard-service module.

locals {
  https_enabled = var.certificate_arn != null

  # Plain HTTP forwarding only where the caller chose it (dev without a domain); the
  # precondition on aws_lb.this refuses a missing certificate otherwise.
  plain_http_forward = !local.https_enabled && var.allow_plain_http

  # Ports the ALB listens on: 80 only without a certificate; 80 (redirect) and 443 with one.
  listener_ports = local.https_enabled ? [80, 443] : [80]

  alb_ingress = {
    for pair in setproduct(var.allowed_cidr_blocks, local.listener_ports) :
    "${pair[1]}-${pair[0]}" => { cidr = pair[0], port = pair[1] }
  }

  dashboard_host = coalesce(var.domain_name, aws_lb.this.dns_name)
}

################################################################################
# Security group: HTTP/HTTPS in from the allowed CIDRs; out only to the tasks (rule in
# dashboard-service, which owns the tasks' group)
################################################################################

resource "aws_security_group" "alb" {
  name_prefix = "${var.name}-alb-"
  description = "Dashboard load balancer ${var.name}: HTTP/HTTPS from the allowed CIDRs, 8501 to the tasks"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-alb" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "alb" {
  #checkov:skip=CKV_AWS_260:The dashboard is a public website: port 80 is open to the allowed CIDRs (by default the whole internet, in both environments) so that browsers reach it; with a certificate (required in prod) it only answers a 301 to HTTPS.
  for_each = local.alb_ingress

  security_group_id = aws_security_group.alb.id
  description       = "HTTP${each.value.port == 443 ? "S" : ""} from ${each.value.cidr}"
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  cidr_ipv4         = each.value.cidr

  tags = var.tags
}

################################################################################
# Application load balancer
################################################################################

resource "aws_lb" "this" {
  #checkov:skip=CKV_AWS_91:Access logging is an input: prod requires access_logs_bucket (alb_access_logs_bucket has no default there and must name a bucket); dev may run without a log bucket. Requests are also logged by WAF (always on in prod) and by the dashboard itself.
  #checkov:skip=CKV_AWS_150:Deletion protection is an input (alb_deletion_protection): on in prod, off in dev so the environment can be destroyed and recreated freely.
  #checkov:skip=CKV2_AWS_20:With a certificate (certificate_arn set, required in prod) port 80 only redirects to HTTPS (aws_lb_listener.http_redirect). checkov cannot evaluate count and also sees aws_lb_listener.http_forward, which exists only without a certificate and with allow_plain_http = true (dev without a domain; the precondition below refuses it otherwise).
  name                       = var.name
  internal                   = false
  load_balancer_type         = "application"
  security_groups            = [aws_security_group.alb.id]
  subnets                    = var.public_subnet_ids
  drop_invalid_header_fields = true
  enable_deletion_protection = var.alb_deletion_protection
  desync_mitigation_mode     = "defensive"
  idle_timeout               = 60

  dynamic "access_logs" {
    for_each = var.access_logs_bucket == null ? [] : [var.access_logs_bucket]

    content {
      bucket  = access_logs.value
      prefix  = var.access_logs_prefix
      enabled = true
    }
  }

  tags = merge(var.tags, { Name = var.name })

  lifecycle {
    precondition {
      condition     = local.https_enabled || var.allow_plain_http
      error_message = "certificate_arn is required: without it the load balancer would serve the dashboard over plain HTTP. Set allow_plain_http = true only for an environment without a domain (dev)."
    }
  }
}

resource "aws_lb_target_group" "this" {
  #checkov:skip=CKV_AWS_378:TLS terminates at the load balancer; the hop to the tasks stays inside the VPC (the tasks are in private subnets in prod), and the tasks' security group accepts 8501 only from the load balancer's security group. The container serves plain HTTP.
  name                 = var.name
  port                 = 8501
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = var.vpc_id
  deregistration_delay = 30

  health_check {
    enabled             = true
    path                = "/health"
    port                = "traffic-port"
    protocol            = "HTTP"
    matcher             = "200"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  tags = merge(var.tags, { Name = var.name })
}

# With a certificate: HTTPS (TLS 1.3, or TLS 1.2 with AEAD suites only) forwards, HTTP redirects to
# HTTPS.
resource "aws_lb_listener" "https" {
  count = local.https_enabled ? 1 : 0

  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.ssl_policy
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this.arn
  }

  tags = var.tags
}

resource "aws_lb_listener" "http_redirect" {
  count = local.https_enabled ? 1 : 0

  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }

  tags = var.tags
}

# Without a certificate, and only when allow_plain_http says so (dev without a domain): plain HTTP
# forwards.
resource "aws_lb_listener" "http_forward" {
  #checkov:skip=CKV_AWS_2:Only created when certificate_arn is null and allow_plain_http is true (dev without a domain); prod requires a certificate, and the module refuses a missing one unless allow_plain_http is set. With a certificate this listener is replaced by an HTTPS listener and an HTTP-to-HTTPS redirect. The dashboard shows public data only and takes no credentials.
  #checkov:skip=CKV_AWS_103:Same listener: plain HTTP has no TLS policy; the HTTPS listener, when a certificate is given, uses var.ssl_policy (TLS 1.3, or TLS 1.2 with AEAD suites only).
  count = local.plain_http_forward ? 1 : 0

  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this.arn
  }

  tags = var.tags
}

################################################################################
# WAF in front of the load balancer (waf_enabled: on in prod; dev may switch it off, see docs/cost.md)
################################################################################

resource "aws_wafv2_web_acl" "this" {
  count = var.waf_enabled ? 1 : 0

  name        = var.name
  description = "Protects the dashboard load balancer ${var.name}."
  scope       = "REGIONAL"

  default_action {
    allow {}
  }

  rule {
    name     = "aws-common-rule-set"
    priority = 10

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesCommonRuleSet"
        vendor_name = "AWS"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name}-common"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "aws-known-bad-inputs"
    priority = 20

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesKnownBadInputsRuleSet"
        vendor_name = "AWS"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name}-known-bad-inputs"
      sampled_requests_enabled   = true
    }
  }

  # Blocks requests from Tor exit nodes and anonymising proxies. Requests from hosting
  # providers (uptime monitors, CI) are only counted, not blocked.
  rule {
    name     = "aws-anonymous-ip-list"
    priority = 30

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesAnonymousIpList"
        vendor_name = "AWS"

        rule_action_override {
          name = "HostingProviderIPList"

          action_to_use {
            count {}
          }
        }
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name}-anonymous-ip"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "rate-limit-per-ip"
    priority = 40

    action {
      block {}
    }

    statement {
      rate_based_statement {
        limit              = var.waf_rate_limit
        aggregate_key_type = "IP"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${var.name}-rate-limit"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = var.name
    sampled_requests_enabled   = true
  }

  tags = merge(var.tags, { Name = var.name })
}

resource "aws_wafv2_web_acl_association" "this" {
  count = var.waf_enabled ? 1 : 0

  resource_arn = aws_lb.this.arn
  web_acl_arn  = aws_wafv2_web_acl.this[0].arn
}

# WAF requires the log group name to start with "aws-waf-logs-".
resource "aws_cloudwatch_log_group" "waf" {
  #checkov:skip=CKV_AWS_338:Retention is an input: prod keeps the WAF logs 365 days, dev 14 days because a throwaway environment's request records are not worth paying to keep for a year.
  count = var.waf_enabled ? 1 : 0

  name              = "aws-waf-logs-${var.name}"
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}

resource "aws_wafv2_web_acl_logging_configuration" "this" {
  count = var.waf_enabled ? 1 : 0

  resource_arn            = aws_wafv2_web_acl.this[0].arn
  log_destination_configs = [aws_cloudwatch_log_group.waf[0].arn]
}
