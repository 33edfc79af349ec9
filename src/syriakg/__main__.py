from syriakg.cli import main

main()
