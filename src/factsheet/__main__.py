from factsheet._entry import main

main(prog_name="factsheet")
