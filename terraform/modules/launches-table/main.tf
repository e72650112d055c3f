# The key schema is a contract with the Rust code (launches::store::dynamodb):
#   table key  id (S)
#   GSI        "year-date-index": year (N) + date_utc (S), projection ALL
# The dashboard queries the GSI by year and date range; nothing scans the table.
resource "aws_dynamodb_table" "this" {
  name                        = var.name
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "id"
  deletion_protection_enabled = var.deletion_protection_enabled

  attribute {
    name = "id"
    type = "S"
  }

  attribute {
    name = "year"
    type = "N"
  }

  attribute {
    name = "date_utc"
    type = "S"
  }

  global_secondary_index {
    name            = "year-date-index"
    hash_key        = "year"
    range_key       = "date_utc"
    projection_type = "ALL"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }

  tags = merge(var.tags, { Name = var.name })
}
