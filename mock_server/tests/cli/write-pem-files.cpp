// write-pem-files DIR: writes the PEM files the oauth-mock-server CLI tests point at (a fixture of
// mock_server/CMakeLists.txt): DIR/server.pem and DIR/server-key.pem (a P-256 certificate and its
// key, the key also an ES256 signing key), DIR/other/server-key.pem (the key of another
// certificate) and DIR/garbage.pem (PEM armour around no valid content).

#include "mock_server/TlsCertificates.h"

#include <exception>
#include <fstream>
#include <iostream>
#include <string>

int main(int argc, char** argv)
{
    if (argc != 2)
    {
        std::cerr << "usage: write-pem-files DIR\n";
        return 64;
    }
    try
    {
        const std::string dir = argv[1];
        mock::writeTlsMaterial(mock::generateTlsMaterial(), dir);
        mock::writeTlsMaterial(mock::generateTlsMaterial(), dir + "/other");
        std::ofstream(dir + "/garbage.pem") << "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n";
        std::cout << "PEM files written to " << dir << "\n";
        return 0;
    }
    catch (const std::exception& e)
    {
        std::cerr << "write-pem-files: " << e.what() << "\n";
        return 1;
    }
}
