# The function's network resources became optional (outside the VPC when subnet_ids is empty):
# an existing state keeps them as instance [0] instead of destroying and recreating them.
moved {
  from = aws_security_group.this
  to   = aws_security_group.this[0]
}

moved {
  from = aws_vpc_security_group_egress_rule.https
  to   = aws_vpc_security_group_egress_rule.https[0]
}

# aws_iam_role_policy_attachment.vpc_access (the AWSLambdaENIManagementAccess managed policy) was
# replaced by the scoped inline policy aws_iam_role_policy.vpc_access: the attachment is destroyed.
