output "dashboard_url" {
  description = "URL of the dashboard: https://<domain or ALB DNS name> with a certificate, http://<ALB DNS name> without."
  value       = local.https_enabled ? "https://${local.dashboard_host}" : "http://${aws_lb.this.dns_name}"
}

output "alb_dns_name" {
  description = "DNS name of the load balancer (point the domain's alias record at it)."
  value       = aws_lb.this.dns_name
}

output "alb_zone_id" {
  description = "Hosted zone id of the load balancer (for a Route 53 alias record)."
  value       = aws_lb.this.zone_id
}

output "alb_arn" {
  description = "ARN of the load balancer."
  value       = aws_lb.this.arn
}

output "alb_arn_suffix" {
  description = "ARN suffix of the load balancer (the LoadBalancer dimension of its CloudWatch metrics)."
  value       = aws_lb.this.arn_suffix
}

output "target_group_arn" {
  description = "ARN of the target group, known once its listeners forward to it (an ECS service fails on a group no load balancer uses)."
  value       = aws_lb_target_group.this.arn

  depends_on = [
    aws_lb_listener.https,
    aws_lb_listener.http_redirect,
    aws_lb_listener.http_forward,
  ]
}

output "target_group_arn_suffix" {
  description = "ARN suffix of the target group (the TargetGroup dimension of its CloudWatch metrics)."
  value       = aws_lb_target_group.this.arn_suffix
}

output "security_group_id" {
  description = "Id of the load balancer's security group (the tasks accept traffic from it only)."
  value       = aws_security_group.alb.id
}

output "web_acl_arn" {
  description = "ARN of the WAF web ACL in front of the load balancer; null when waf_enabled is false."
  value       = one(aws_wafv2_web_acl.this[*].arn)
}
