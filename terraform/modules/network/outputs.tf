output "vpc_id" {
  description = "Id of the VPC."
  value       = aws_vpc.this.id
}

output "vpc_cidr_block" {
  description = "CIDR block of the VPC."
  value       = aws_vpc.this.cidr_block
}

output "availability_zones" {
  description = "The two availability zones the subnets are in."
  value       = local.azs
}

output "public_subnet_ids" {
  description = "Ids of the public subnets (one per AZ): load balancer and NAT gateways."
  value       = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  description = "Ids of the private subnets (one per AZ): ECS tasks and the extractor Lambda."
  value       = aws_subnet.private[*].id
}

output "private_route_table_ids" {
  description = "Ids of the private route tables (one per AZ)."
  value       = aws_route_table.private[*].id
}

output "nat_gateway_public_ips" {
  description = "Public IPs the private subnets reach the internet from (empty when nat_gateway_mode is \"none\")."
  value       = aws_eip.nat[*].public_ip
}

output "dynamodb_endpoint_id" {
  description = "Id of the DynamoDB gateway endpoint."
  value       = aws_vpc_endpoint.dynamodb.id
}

output "dynamodb_prefix_list_id" {
  description = "Prefix list id of DynamoDB in the region (for security group egress rules)."
  value       = aws_vpc_endpoint.dynamodb.prefix_list_id
}

output "s3_endpoint_id" {
  description = "Id of the S3 gateway endpoint."
  value       = aws_vpc_endpoint.s3.id
}

output "s3_prefix_list_id" {
  description = "Prefix list id of S3 in the region (for security group egress rules)."
  value       = aws_vpc_endpoint.s3.prefix_list_id
}

output "flow_log_group_name" {
  description = "Name of the CloudWatch log group of the VPC flow logs."
  value       = aws_cloudwatch_log_group.flow_logs.name
}
