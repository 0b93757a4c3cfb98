from factsheet.cli import main

main(prog_name="factsheet")
