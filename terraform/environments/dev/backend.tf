# State lives in the S3 bucket and DynamoDB lock table that terraform/bootstrap creates, under
# spacex-launches/dev/ (the only prefix dev's deploy role may read and write). Bucket names are
# global: when bootstrap's state_bucket_name differs, keep this file and run
#   make plan ENV=dev TF_STATE_BUCKET=<bucket>     (terraform init -backend-config="bucket=<bucket>")
# No `encrypt = true`: it would ask S3 for SSE-S3 on every write; the bucket's default encryption
# (its customer managed KMS key) applies instead.
terraform {
  backend "s3" {
    bucket         = "spacex-launches-terraform-state"
    key            = "spacex-launches/dev/terraform.tfstate"
    region         = "us-east-1"
    dynamodb_table = "spacex-launches-terraform-locks"
  }
}
