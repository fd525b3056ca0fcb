// Import paths the rules and their gates recognise, in one place.
export const CONTEXT_PATHS = ['context', 'golang.org/x/net/context'];
export const HTTP_PATH = 'net/http';
export const GIN_PATH = 'github.com/gin-gonic/gin';
export const ECHO_PATHS = ['github.com/labstack/echo/v4', 'github.com/labstack/echo'];
export const FIBER_PATHS = ['github.com/gofiber/fiber/v2', 'github.com/gofiber/fiber/v3'];
export const FUNCTIONS_PATH = 'github.com/GoogleCloudPlatform/functions-framework-go/functions';
export const LAMBDA_PATH = 'github.com/aws/aws-lambda-go/lambda';
