# The load balancer and the WAF moved from the dashboard-service module to their own
# (load-balancer): these blocks carry the existing objects over in the state, so that an apply
# moves them instead of destroying and recreating them. The WAF resources became optional
# (waf_enabled), hence their instance key.

moved {
  from = module.dashboard_service.aws_security_group.alb
  to   = module.load_balancer.aws_security_group.alb
}

moved {
  from = module.dashboard_service.aws_vpc_security_group_ingress_rule.alb
  to   = module.load_balancer.aws_vpc_security_group_ingress_rule.alb
}

moved {
  from = module.dashboard_service.aws_lb.this
  to   = module.load_balancer.aws_lb.this
}

moved {
  from = module.dashboard_service.aws_lb_target_group.this
  to   = module.load_balancer.aws_lb_target_group.this
}

moved {
  from = module.dashboard_service.aws_lb_listener.https
  to   = module.load_balancer.aws_lb_listener.https
}

moved {
  from = module.dashboard_service.aws_lb_listener.http_redirect
  to   = module.load_balancer.aws_lb_listener.http_redirect
}

moved {
  from = module.dashboard_service.aws_lb_listener.http_forward
  to   = module.load_balancer.aws_lb_listener.http_forward
}

moved {
  from = module.dashboard_service.aws_wafv2_web_acl.this
  to   = module.load_balancer.aws_wafv2_web_acl.this[0]
}

moved {
  from = module.dashboard_service.aws_wafv2_web_acl_association.this
  to   = module.load_balancer.aws_wafv2_web_acl_association.this[0]
}

moved {
  from = module.dashboard_service.aws_cloudwatch_log_group.waf
  to   = module.load_balancer.aws_cloudwatch_log_group.waf[0]
}

moved {
  from = module.dashboard_service.aws_wafv2_web_acl_logging_configuration.this
  to   = module.load_balancer.aws_wafv2_web_acl_logging_configuration.this[0]
}
